from __future__ import annotations

from pkgutil import extend_path
__path__ = extend_path(__path__, __name__)

import abc
import builtins
import datetime
import enum
import typing

import jsii
import publication
import typing_extensions

from jsii._type_checking import cached_type_hints, check_type


from ._jsii import *

class _LazyImport:
    def __init__(self, module_name: str) -> None:
        self._module_name = module_name
        self._module: typing.Any = None
    def __getattr__(self, name: str) -> typing.Any:
        if self._module is None:
            import importlib
            self._module = importlib.import_module(self._module_name)
        return getattr(self._module, name)

if typing.TYPE_CHECKING:

    import cdk8s as _cdk8s_d3d9af27
    import constructs as _constructs_77d1e7e8
else:

    _cdk8s_d3d9af27 = _LazyImport("cdk8s")
    _constructs_77d1e7e8 = _LazyImport("constructs")


class IpAddressPool(
    _cdk8s_d3d9af27.ApiObject,
    metaclass=jsii.JSIIMeta,
    jsii_type="iometallb.IpAddressPool",
):
    '''IPAddressPool represents a pool of IP addresses that can be allocated to LoadBalancer services.

    :schema: IPAddressPool
    '''

    def __init__(
        self,
        scope: "_constructs_77d1e7e8.Construct",
        id: builtins.str,
        *,
        spec: typing.Union["IpAddressPoolSpec", typing.Dict[builtins.str, typing.Any]],
        metadata: typing.Optional[typing.Union["_cdk8s_d3d9af27.ApiObjectMetadata", typing.Dict[builtins.str, typing.Any]]] = None,
    ) -> None:
        '''Defines a "IPAddressPool" API object.

        :param scope: the scope in which to define this object.
        :param id: a scope-local name for the object.
        :param spec: IPAddressPoolSpec defines the desired state of IPAddressPool.
        :param metadata: 
        '''
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__00b1ebaecaa81e4235fc72b43ecb5f66922b74a7c877d3cc54feb8b06d1131a5)
            check_type(argname="argument scope", value=scope, expected_type=type_hints["scope"])
            check_type(argname="argument id", value=id, expected_type=type_hints["id"])
        props = IpAddressPoolProps(spec=spec, metadata=metadata)

        jsii.create(self.__class__, self, [scope, id, props])

    @jsii.member(jsii_name="manifest")
    @builtins.classmethod
    def manifest(
        cls,
        *,
        spec: typing.Union["IpAddressPoolSpec", typing.Dict[builtins.str, typing.Any]],
        metadata: typing.Optional[typing.Union["_cdk8s_d3d9af27.ApiObjectMetadata", typing.Dict[builtins.str, typing.Any]]] = None,
    ) -> typing.Any:
        '''Renders a Kubernetes manifest for "IPAddressPool".

        This can be used to inline resource manifests inside other objects (e.g. as templates).

        :param spec: IPAddressPoolSpec defines the desired state of IPAddressPool.
        :param metadata: 
        '''
        props = IpAddressPoolProps(spec=spec, metadata=metadata)

        return typing.cast(typing.Any, jsii.sinvoke(cls, "manifest", [props]))

    @jsii.member(jsii_name="toJson")
    def to_json(self) -> typing.Any:
        '''Renders the object to Kubernetes JSON.'''
        return typing.cast(typing.Any, jsii.invoke(self, "toJson", []))

    @jsii.python.classproperty
    @jsii.member(jsii_name="GVK")
    def GVK(cls) -> "_cdk8s_d3d9af27.GroupVersionKind":
        '''Returns the apiVersion and kind for "IPAddressPool".'''
        return typing.cast("_cdk8s_d3d9af27.GroupVersionKind", jsii.sget(cls, "GVK"))


@jsii.data_type(
    jsii_type="iometallb.IpAddressPoolProps",
    jsii_struct_bases=[],
    name_mapping={"spec": "spec", "metadata": "metadata"},
)
class IpAddressPoolProps:
    def __init__(
        self,
        *,
        spec: typing.Union["IpAddressPoolSpec", typing.Dict[builtins.str, typing.Any]],
        metadata: typing.Optional[typing.Union["_cdk8s_d3d9af27.ApiObjectMetadata", typing.Dict[builtins.str, typing.Any]]] = None,
    ) -> None:
        '''IPAddressPool represents a pool of IP addresses that can be allocated to LoadBalancer services.

        :param spec: IPAddressPoolSpec defines the desired state of IPAddressPool.
        :param metadata: 

        :schema: IPAddressPool
        '''
        if isinstance(spec, dict):
            spec = IpAddressPoolSpec(**spec)
        if isinstance(metadata, dict):
            metadata = _cdk8s_d3d9af27.ApiObjectMetadata(**metadata)
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__cfcab4b2d1cc7cf4b7f9f1214ed8e491f46d9e97da10fa6681e8c311e1c95b25)
            check_type(argname="argument spec", value=spec, expected_type=type_hints["spec"])
            check_type(argname="argument metadata", value=metadata, expected_type=type_hints["metadata"])
        self._values: typing.Dict[builtins.str, typing.Any] = {
            "spec": spec,
        }
        if metadata is not None:
            self._values["metadata"] = metadata

    @builtins.property
    def spec(self) -> "IpAddressPoolSpec":
        '''IPAddressPoolSpec defines the desired state of IPAddressPool.

        :schema: IPAddressPool#spec
        '''
        result = self._values.get("spec")
        assert result is not None, "Required property 'spec' is missing"
        return typing.cast("IpAddressPoolSpec", result)

    @builtins.property
    def metadata(self) -> typing.Optional["_cdk8s_d3d9af27.ApiObjectMetadata"]:
        '''
        :schema: IPAddressPool#metadata
        '''
        result = self._values.get("metadata")
        return typing.cast(typing.Optional["_cdk8s_d3d9af27.ApiObjectMetadata"], result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "IpAddressPoolProps(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.data_type(
    jsii_type="iometallb.IpAddressPoolSpec",
    jsii_struct_bases=[],
    name_mapping={
        "addresses": "addresses",
        "auto_assign": "autoAssign",
        "avoid_buggy_i_ps": "avoidBuggyIPs",
        "service_allocation": "serviceAllocation",
    },
)
class IpAddressPoolSpec:
    def __init__(
        self,
        *,
        addresses: typing.Sequence[builtins.str],
        auto_assign: typing.Optional[builtins.bool] = None,
        avoid_buggy_i_ps: typing.Optional[builtins.bool] = None,
        service_allocation: typing.Optional[typing.Union["IpAddressPoolSpecServiceAllocation", typing.Dict[builtins.str, typing.Any]]] = None,
    ) -> None:
        '''IPAddressPoolSpec defines the desired state of IPAddressPool.

        :param addresses: A list of IP address ranges over which MetalLB has authority. You can list multiple ranges in a single pool, they will all share the same settings. Each range can be either a CIDR prefix, or an explicit start-end range of IPs.
        :param auto_assign: AutoAssign flag used to prevent MetallB from automatic allocation for a pool.
        :param avoid_buggy_i_ps: AvoidBuggyIPs prevents addresses ending with .0 and .255 to be used by a pool.
        :param service_allocation: AllocateTo makes ip pool allocation to specific namespace and/or service. The controller will use the pool with lowest value of priority in case of multiple matches. A pool with no priority set will be used only if the pools with priority can't be used. If multiple matching IPAddressPools are available it will check for the availability of IPs sorting the matching IPAddressPools by priority, starting from the highest to the lowest. If multiple IPAddressPools have the same priority, choice will be random.

        :schema: IpAddressPoolSpec
        '''
        if isinstance(service_allocation, dict):
            service_allocation = IpAddressPoolSpecServiceAllocation(**service_allocation)
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__80283b0ef3db1174ca332f7982c70edc990debc2bfc235b39b6be5ffe0131497)
            check_type(argname="argument addresses", value=addresses, expected_type=type_hints["addresses"])
            check_type(argname="argument auto_assign", value=auto_assign, expected_type=type_hints["auto_assign"])
            check_type(argname="argument avoid_buggy_i_ps", value=avoid_buggy_i_ps, expected_type=type_hints["avoid_buggy_i_ps"])
            check_type(argname="argument service_allocation", value=service_allocation, expected_type=type_hints["service_allocation"])
        self._values: typing.Dict[builtins.str, typing.Any] = {
            "addresses": addresses,
        }
        if auto_assign is not None:
            self._values["auto_assign"] = auto_assign
        if avoid_buggy_i_ps is not None:
            self._values["avoid_buggy_i_ps"] = avoid_buggy_i_ps
        if service_allocation is not None:
            self._values["service_allocation"] = service_allocation

    @builtins.property
    def addresses(self) -> typing.List[builtins.str]:
        '''A list of IP address ranges over which MetalLB has authority.

        You can list multiple ranges in a single pool, they will all share the
        same settings. Each range can be either a CIDR prefix, or an explicit
        start-end range of IPs.

        :schema: IpAddressPoolSpec#addresses
        '''
        result = self._values.get("addresses")
        assert result is not None, "Required property 'addresses' is missing"
        return typing.cast(typing.List[builtins.str], result)

    @builtins.property
    def auto_assign(self) -> typing.Optional[builtins.bool]:
        '''AutoAssign flag used to prevent MetallB from automatic allocation for a pool.

        :schema: IpAddressPoolSpec#autoAssign
        '''
        result = self._values.get("auto_assign")
        return typing.cast(typing.Optional[builtins.bool], result)

    @builtins.property
    def avoid_buggy_i_ps(self) -> typing.Optional[builtins.bool]:
        '''AvoidBuggyIPs prevents addresses ending with .0 and .255 to be used by a pool.

        :schema: IpAddressPoolSpec#avoidBuggyIPs
        '''
        result = self._values.get("avoid_buggy_i_ps")
        return typing.cast(typing.Optional[builtins.bool], result)

    @builtins.property
    def service_allocation(
        self,
    ) -> typing.Optional["IpAddressPoolSpecServiceAllocation"]:
        '''AllocateTo makes ip pool allocation to specific namespace and/or service.

        The controller will use the pool with lowest value of priority in case of
        multiple matches. A pool with no priority set will be used only if the
        pools with priority can't be used. If multiple matching IPAddressPools are
        available it will check for the availability of IPs sorting the matching
        IPAddressPools by priority, starting from the highest to the lowest. If
        multiple IPAddressPools have the same priority, choice will be random.

        :schema: IpAddressPoolSpec#serviceAllocation
        '''
        result = self._values.get("service_allocation")
        return typing.cast(typing.Optional["IpAddressPoolSpecServiceAllocation"], result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "IpAddressPoolSpec(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.data_type(
    jsii_type="iometallb.IpAddressPoolSpecServiceAllocation",
    jsii_struct_bases=[],
    name_mapping={
        "namespaces": "namespaces",
        "namespace_selectors": "namespaceSelectors",
        "priority": "priority",
        "service_selectors": "serviceSelectors",
    },
)
class IpAddressPoolSpecServiceAllocation:
    def __init__(
        self,
        *,
        namespaces: typing.Optional[typing.Sequence[builtins.str]] = None,
        namespace_selectors: typing.Optional[typing.Sequence[typing.Union["IpAddressPoolSpecServiceAllocationNamespaceSelectors", typing.Dict[builtins.str, typing.Any]]]] = None,
        priority: typing.Optional[jsii.Number] = None,
        service_selectors: typing.Optional[typing.Sequence[typing.Union["IpAddressPoolSpecServiceAllocationServiceSelectors", typing.Dict[builtins.str, typing.Any]]]] = None,
    ) -> None:
        '''AllocateTo makes ip pool allocation to specific namespace and/or service.

        The controller will use the pool with lowest value of priority in case of
        multiple matches. A pool with no priority set will be used only if the
        pools with priority can't be used. If multiple matching IPAddressPools are
        available it will check for the availability of IPs sorting the matching
        IPAddressPools by priority, starting from the highest to the lowest. If
        multiple IPAddressPools have the same priority, choice will be random.

        :param namespaces: Namespaces list of namespace(s) on which ip pool can be attached.
        :param namespace_selectors: NamespaceSelectors list of label selectors to select namespace(s) for ip pool, an alternative to using namespace list.
        :param priority: Priority priority given for ip pool while ip allocation on a service.
        :param service_selectors: ServiceSelectors list of label selector to select service(s) for which ip pool can be used for ip allocation.

        :schema: IpAddressPoolSpecServiceAllocation
        '''
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__e3d7bf8b9a3a1f7e7faf4b9378b4006b8c635b403d38810c98bad9f9ed3fe032)
            check_type(argname="argument namespaces", value=namespaces, expected_type=type_hints["namespaces"])
            check_type(argname="argument namespace_selectors", value=namespace_selectors, expected_type=type_hints["namespace_selectors"])
            check_type(argname="argument priority", value=priority, expected_type=type_hints["priority"])
            check_type(argname="argument service_selectors", value=service_selectors, expected_type=type_hints["service_selectors"])
        self._values: typing.Dict[builtins.str, typing.Any] = {}
        if namespaces is not None:
            self._values["namespaces"] = namespaces
        if namespace_selectors is not None:
            self._values["namespace_selectors"] = namespace_selectors
        if priority is not None:
            self._values["priority"] = priority
        if service_selectors is not None:
            self._values["service_selectors"] = service_selectors

    @builtins.property
    def namespaces(self) -> typing.Optional[typing.List[builtins.str]]:
        '''Namespaces list of namespace(s) on which ip pool can be attached.

        :schema: IpAddressPoolSpecServiceAllocation#namespaces
        '''
        result = self._values.get("namespaces")
        return typing.cast(typing.Optional[typing.List[builtins.str]], result)

    @builtins.property
    def namespace_selectors(
        self,
    ) -> typing.Optional[typing.List["IpAddressPoolSpecServiceAllocationNamespaceSelectors"]]:
        '''NamespaceSelectors list of label selectors to select namespace(s) for ip pool, an alternative to using namespace list.

        :schema: IpAddressPoolSpecServiceAllocation#namespaceSelectors
        '''
        result = self._values.get("namespace_selectors")
        return typing.cast(typing.Optional[typing.List["IpAddressPoolSpecServiceAllocationNamespaceSelectors"]], result)

    @builtins.property
    def priority(self) -> typing.Optional[jsii.Number]:
        '''Priority priority given for ip pool while ip allocation on a service.

        :schema: IpAddressPoolSpecServiceAllocation#priority
        '''
        result = self._values.get("priority")
        return typing.cast(typing.Optional[jsii.Number], result)

    @builtins.property
    def service_selectors(
        self,
    ) -> typing.Optional[typing.List["IpAddressPoolSpecServiceAllocationServiceSelectors"]]:
        '''ServiceSelectors list of label selector to select service(s) for which ip pool can be used for ip allocation.

        :schema: IpAddressPoolSpecServiceAllocation#serviceSelectors
        '''
        result = self._values.get("service_selectors")
        return typing.cast(typing.Optional[typing.List["IpAddressPoolSpecServiceAllocationServiceSelectors"]], result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "IpAddressPoolSpecServiceAllocation(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.data_type(
    jsii_type="iometallb.IpAddressPoolSpecServiceAllocationNamespaceSelectors",
    jsii_struct_bases=[],
    name_mapping={
        "match_expressions": "matchExpressions",
        "match_labels": "matchLabels",
    },
)
class IpAddressPoolSpecServiceAllocationNamespaceSelectors:
    def __init__(
        self,
        *,
        match_expressions: typing.Optional[typing.Sequence[typing.Union["IpAddressPoolSpecServiceAllocationNamespaceSelectorsMatchExpressions", typing.Dict[builtins.str, typing.Any]]]] = None,
        match_labels: typing.Optional[typing.Mapping[builtins.str, builtins.str]] = None,
    ) -> None:
        '''A label selector is a label query over a set of resources.

        The result of matchLabels and
        matchExpressions are ANDed. An empty label selector matches all objects. A null
        label selector matches no objects.

        :param match_expressions: matchExpressions is a list of label selector requirements. The requirements are ANDed.
        :param match_labels: matchLabels is a map of {key,value} pairs. A single {key,value} in the matchLabels map is equivalent to an element of matchExpressions, whose key field is "key", the operator is "In", and the values array contains only "value". The requirements are ANDed.

        :schema: IpAddressPoolSpecServiceAllocationNamespaceSelectors
        '''
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__3873850294806545cb7495f11807d0ad3e5ef2b4bda94737ef4b928ef7cc98c2)
            check_type(argname="argument match_expressions", value=match_expressions, expected_type=type_hints["match_expressions"])
            check_type(argname="argument match_labels", value=match_labels, expected_type=type_hints["match_labels"])
        self._values: typing.Dict[builtins.str, typing.Any] = {}
        if match_expressions is not None:
            self._values["match_expressions"] = match_expressions
        if match_labels is not None:
            self._values["match_labels"] = match_labels

    @builtins.property
    def match_expressions(
        self,
    ) -> typing.Optional[typing.List["IpAddressPoolSpecServiceAllocationNamespaceSelectorsMatchExpressions"]]:
        '''matchExpressions is a list of label selector requirements.

        The requirements are ANDed.

        :schema: IpAddressPoolSpecServiceAllocationNamespaceSelectors#matchExpressions
        '''
        result = self._values.get("match_expressions")
        return typing.cast(typing.Optional[typing.List["IpAddressPoolSpecServiceAllocationNamespaceSelectorsMatchExpressions"]], result)

    @builtins.property
    def match_labels(
        self,
    ) -> typing.Optional[typing.Mapping[builtins.str, builtins.str]]:
        '''matchLabels is a map of {key,value} pairs.

        A single {key,value} in the matchLabels
        map is equivalent to an element of matchExpressions, whose key field is "key", the
        operator is "In", and the values array contains only "value". The requirements are ANDed.

        :schema: IpAddressPoolSpecServiceAllocationNamespaceSelectors#matchLabels
        '''
        result = self._values.get("match_labels")
        return typing.cast(typing.Optional[typing.Mapping[builtins.str, builtins.str]], result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "IpAddressPoolSpecServiceAllocationNamespaceSelectors(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.data_type(
    jsii_type="iometallb.IpAddressPoolSpecServiceAllocationNamespaceSelectorsMatchExpressions",
    jsii_struct_bases=[],
    name_mapping={"key": "key", "operator": "operator", "values": "values"},
)
class IpAddressPoolSpecServiceAllocationNamespaceSelectorsMatchExpressions:
    def __init__(
        self,
        *,
        key: builtins.str,
        operator: builtins.str,
        values: typing.Optional[typing.Sequence[builtins.str]] = None,
    ) -> None:
        '''A label selector requirement is a selector that contains values, a key, and an operator that relates the key and values.

        :param key: key is the label key that the selector applies to.
        :param operator: operator represents a key's relationship to a set of values. Valid operators are In, NotIn, Exists and DoesNotExist.
        :param values: values is an array of string values. If the operator is In or NotIn, the values array must be non-empty. If the operator is Exists or DoesNotExist, the values array must be empty. This array is replaced during a strategic merge patch.

        :schema: IpAddressPoolSpecServiceAllocationNamespaceSelectorsMatchExpressions
        '''
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__3b7f3f33ae4c129d43b6c64fce8c00568792c3a44ea9f997623a933f38632d22)
            check_type(argname="argument key", value=key, expected_type=type_hints["key"])
            check_type(argname="argument operator", value=operator, expected_type=type_hints["operator"])
            check_type(argname="argument values", value=values, expected_type=type_hints["values"])
        self._values: typing.Dict[builtins.str, typing.Any] = {
            "key": key,
            "operator": operator,
        }
        if values is not None:
            self._values["values"] = values

    @builtins.property
    def key(self) -> builtins.str:
        '''key is the label key that the selector applies to.

        :schema: IpAddressPoolSpecServiceAllocationNamespaceSelectorsMatchExpressions#key
        '''
        result = self._values.get("key")
        assert result is not None, "Required property 'key' is missing"
        return typing.cast(builtins.str, result)

    @builtins.property
    def operator(self) -> builtins.str:
        '''operator represents a key's relationship to a set of values.

        Valid operators are In, NotIn, Exists and DoesNotExist.

        :schema: IpAddressPoolSpecServiceAllocationNamespaceSelectorsMatchExpressions#operator
        '''
        result = self._values.get("operator")
        assert result is not None, "Required property 'operator' is missing"
        return typing.cast(builtins.str, result)

    @builtins.property
    def values(self) -> typing.Optional[typing.List[builtins.str]]:
        '''values is an array of string values.

        If the operator is In or NotIn,
        the values array must be non-empty. If the operator is Exists or DoesNotExist,
        the values array must be empty. This array is replaced during a strategic
        merge patch.

        :schema: IpAddressPoolSpecServiceAllocationNamespaceSelectorsMatchExpressions#values
        '''
        result = self._values.get("values")
        return typing.cast(typing.Optional[typing.List[builtins.str]], result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "IpAddressPoolSpecServiceAllocationNamespaceSelectorsMatchExpressions(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.data_type(
    jsii_type="iometallb.IpAddressPoolSpecServiceAllocationServiceSelectors",
    jsii_struct_bases=[],
    name_mapping={
        "match_expressions": "matchExpressions",
        "match_labels": "matchLabels",
    },
)
class IpAddressPoolSpecServiceAllocationServiceSelectors:
    def __init__(
        self,
        *,
        match_expressions: typing.Optional[typing.Sequence[typing.Union["IpAddressPoolSpecServiceAllocationServiceSelectorsMatchExpressions", typing.Dict[builtins.str, typing.Any]]]] = None,
        match_labels: typing.Optional[typing.Mapping[builtins.str, builtins.str]] = None,
    ) -> None:
        '''A label selector is a label query over a set of resources.

        The result of matchLabels and
        matchExpressions are ANDed. An empty label selector matches all objects. A null
        label selector matches no objects.

        :param match_expressions: matchExpressions is a list of label selector requirements. The requirements are ANDed.
        :param match_labels: matchLabels is a map of {key,value} pairs. A single {key,value} in the matchLabels map is equivalent to an element of matchExpressions, whose key field is "key", the operator is "In", and the values array contains only "value". The requirements are ANDed.

        :schema: IpAddressPoolSpecServiceAllocationServiceSelectors
        '''
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__854520f8779fa5e7c8bc1ee3f049f9e180ae6e97269e0868035643a70009edae)
            check_type(argname="argument match_expressions", value=match_expressions, expected_type=type_hints["match_expressions"])
            check_type(argname="argument match_labels", value=match_labels, expected_type=type_hints["match_labels"])
        self._values: typing.Dict[builtins.str, typing.Any] = {}
        if match_expressions is not None:
            self._values["match_expressions"] = match_expressions
        if match_labels is not None:
            self._values["match_labels"] = match_labels

    @builtins.property
    def match_expressions(
        self,
    ) -> typing.Optional[typing.List["IpAddressPoolSpecServiceAllocationServiceSelectorsMatchExpressions"]]:
        '''matchExpressions is a list of label selector requirements.

        The requirements are ANDed.

        :schema: IpAddressPoolSpecServiceAllocationServiceSelectors#matchExpressions
        '''
        result = self._values.get("match_expressions")
        return typing.cast(typing.Optional[typing.List["IpAddressPoolSpecServiceAllocationServiceSelectorsMatchExpressions"]], result)

    @builtins.property
    def match_labels(
        self,
    ) -> typing.Optional[typing.Mapping[builtins.str, builtins.str]]:
        '''matchLabels is a map of {key,value} pairs.

        A single {key,value} in the matchLabels
        map is equivalent to an element of matchExpressions, whose key field is "key", the
        operator is "In", and the values array contains only "value". The requirements are ANDed.

        :schema: IpAddressPoolSpecServiceAllocationServiceSelectors#matchLabels
        '''
        result = self._values.get("match_labels")
        return typing.cast(typing.Optional[typing.Mapping[builtins.str, builtins.str]], result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "IpAddressPoolSpecServiceAllocationServiceSelectors(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.data_type(
    jsii_type="iometallb.IpAddressPoolSpecServiceAllocationServiceSelectorsMatchExpressions",
    jsii_struct_bases=[],
    name_mapping={"key": "key", "operator": "operator", "values": "values"},
)
class IpAddressPoolSpecServiceAllocationServiceSelectorsMatchExpressions:
    def __init__(
        self,
        *,
        key: builtins.str,
        operator: builtins.str,
        values: typing.Optional[typing.Sequence[builtins.str]] = None,
    ) -> None:
        '''A label selector requirement is a selector that contains values, a key, and an operator that relates the key and values.

        :param key: key is the label key that the selector applies to.
        :param operator: operator represents a key's relationship to a set of values. Valid operators are In, NotIn, Exists and DoesNotExist.
        :param values: values is an array of string values. If the operator is In or NotIn, the values array must be non-empty. If the operator is Exists or DoesNotExist, the values array must be empty. This array is replaced during a strategic merge patch.

        :schema: IpAddressPoolSpecServiceAllocationServiceSelectorsMatchExpressions
        '''
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__0b3b1d2cc6d2ccfc29406c24ec2428d0d9caf9759c82d1669fbae0fc30cf40ec)
            check_type(argname="argument key", value=key, expected_type=type_hints["key"])
            check_type(argname="argument operator", value=operator, expected_type=type_hints["operator"])
            check_type(argname="argument values", value=values, expected_type=type_hints["values"])
        self._values: typing.Dict[builtins.str, typing.Any] = {
            "key": key,
            "operator": operator,
        }
        if values is not None:
            self._values["values"] = values

    @builtins.property
    def key(self) -> builtins.str:
        '''key is the label key that the selector applies to.

        :schema: IpAddressPoolSpecServiceAllocationServiceSelectorsMatchExpressions#key
        '''
        result = self._values.get("key")
        assert result is not None, "Required property 'key' is missing"
        return typing.cast(builtins.str, result)

    @builtins.property
    def operator(self) -> builtins.str:
        '''operator represents a key's relationship to a set of values.

        Valid operators are In, NotIn, Exists and DoesNotExist.

        :schema: IpAddressPoolSpecServiceAllocationServiceSelectorsMatchExpressions#operator
        '''
        result = self._values.get("operator")
        assert result is not None, "Required property 'operator' is missing"
        return typing.cast(builtins.str, result)

    @builtins.property
    def values(self) -> typing.Optional[typing.List[builtins.str]]:
        '''values is an array of string values.

        If the operator is In or NotIn,
        the values array must be non-empty. If the operator is Exists or DoesNotExist,
        the values array must be empty. This array is replaced during a strategic
        merge patch.

        :schema: IpAddressPoolSpecServiceAllocationServiceSelectorsMatchExpressions#values
        '''
        result = self._values.get("values")
        return typing.cast(typing.Optional[typing.List[builtins.str]], result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "IpAddressPoolSpecServiceAllocationServiceSelectorsMatchExpressions(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


class L2Advertisement(
    _cdk8s_d3d9af27.ApiObject,
    metaclass=jsii.JSIIMeta,
    jsii_type="iometallb.L2Advertisement",
):
    '''L2Advertisement allows to advertise the LoadBalancer IPs provided by the selected pools via L2.

    :schema: L2Advertisement
    '''

    def __init__(
        self,
        scope: "_constructs_77d1e7e8.Construct",
        id: builtins.str,
        *,
        metadata: typing.Optional[typing.Union["_cdk8s_d3d9af27.ApiObjectMetadata", typing.Dict[builtins.str, typing.Any]]] = None,
        spec: typing.Optional[typing.Union["L2AdvertisementSpec", typing.Dict[builtins.str, typing.Any]]] = None,
    ) -> None:
        '''Defines a "L2Advertisement" API object.

        :param scope: the scope in which to define this object.
        :param id: a scope-local name for the object.
        :param metadata: 
        :param spec: L2AdvertisementSpec defines the desired state of L2Advertisement.
        '''
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__5a9c9aa0c1a2b56f3785665934581841e03726654005ff577b09b8bf496ed0f4)
            check_type(argname="argument scope", value=scope, expected_type=type_hints["scope"])
            check_type(argname="argument id", value=id, expected_type=type_hints["id"])
        props = L2AdvertisementProps(metadata=metadata, spec=spec)

        jsii.create(self.__class__, self, [scope, id, props])

    @jsii.member(jsii_name="manifest")
    @builtins.classmethod
    def manifest(
        cls,
        *,
        metadata: typing.Optional[typing.Union["_cdk8s_d3d9af27.ApiObjectMetadata", typing.Dict[builtins.str, typing.Any]]] = None,
        spec: typing.Optional[typing.Union["L2AdvertisementSpec", typing.Dict[builtins.str, typing.Any]]] = None,
    ) -> typing.Any:
        '''Renders a Kubernetes manifest for "L2Advertisement".

        This can be used to inline resource manifests inside other objects (e.g. as templates).

        :param metadata: 
        :param spec: L2AdvertisementSpec defines the desired state of L2Advertisement.
        '''
        props = L2AdvertisementProps(metadata=metadata, spec=spec)

        return typing.cast(typing.Any, jsii.sinvoke(cls, "manifest", [props]))

    @jsii.member(jsii_name="toJson")
    def to_json(self) -> typing.Any:
        '''Renders the object to Kubernetes JSON.'''
        return typing.cast(typing.Any, jsii.invoke(self, "toJson", []))

    @jsii.python.classproperty
    @jsii.member(jsii_name="GVK")
    def GVK(cls) -> "_cdk8s_d3d9af27.GroupVersionKind":
        '''Returns the apiVersion and kind for "L2Advertisement".'''
        return typing.cast("_cdk8s_d3d9af27.GroupVersionKind", jsii.sget(cls, "GVK"))


@jsii.data_type(
    jsii_type="iometallb.L2AdvertisementProps",
    jsii_struct_bases=[],
    name_mapping={"metadata": "metadata", "spec": "spec"},
)
class L2AdvertisementProps:
    def __init__(
        self,
        *,
        metadata: typing.Optional[typing.Union["_cdk8s_d3d9af27.ApiObjectMetadata", typing.Dict[builtins.str, typing.Any]]] = None,
        spec: typing.Optional[typing.Union["L2AdvertisementSpec", typing.Dict[builtins.str, typing.Any]]] = None,
    ) -> None:
        '''L2Advertisement allows to advertise the LoadBalancer IPs provided by the selected pools via L2.

        :param metadata: 
        :param spec: L2AdvertisementSpec defines the desired state of L2Advertisement.

        :schema: L2Advertisement
        '''
        if isinstance(metadata, dict):
            metadata = _cdk8s_d3d9af27.ApiObjectMetadata(**metadata)
        if isinstance(spec, dict):
            spec = L2AdvertisementSpec(**spec)
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__9f0170377dd58843dd0d09e2abdaa6bf06b9185716d9050948cfb35942031322)
            check_type(argname="argument metadata", value=metadata, expected_type=type_hints["metadata"])
            check_type(argname="argument spec", value=spec, expected_type=type_hints["spec"])
        self._values: typing.Dict[builtins.str, typing.Any] = {}
        if metadata is not None:
            self._values["metadata"] = metadata
        if spec is not None:
            self._values["spec"] = spec

    @builtins.property
    def metadata(self) -> typing.Optional["_cdk8s_d3d9af27.ApiObjectMetadata"]:
        '''
        :schema: L2Advertisement#metadata
        '''
        result = self._values.get("metadata")
        return typing.cast(typing.Optional["_cdk8s_d3d9af27.ApiObjectMetadata"], result)

    @builtins.property
    def spec(self) -> typing.Optional["L2AdvertisementSpec"]:
        '''L2AdvertisementSpec defines the desired state of L2Advertisement.

        :schema: L2Advertisement#spec
        '''
        result = self._values.get("spec")
        return typing.cast(typing.Optional["L2AdvertisementSpec"], result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "L2AdvertisementProps(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.data_type(
    jsii_type="iometallb.L2AdvertisementSpec",
    jsii_struct_bases=[],
    name_mapping={
        "interfaces": "interfaces",
        "ip_address_pools": "ipAddressPools",
        "ip_address_pool_selectors": "ipAddressPoolSelectors",
        "node_selectors": "nodeSelectors",
        "service_selectors": "serviceSelectors",
    },
)
class L2AdvertisementSpec:
    def __init__(
        self,
        *,
        interfaces: typing.Optional[typing.Sequence[builtins.str]] = None,
        ip_address_pools: typing.Optional[typing.Sequence[builtins.str]] = None,
        ip_address_pool_selectors: typing.Optional[typing.Sequence[typing.Union["L2AdvertisementSpecIpAddressPoolSelectors", typing.Dict[builtins.str, typing.Any]]]] = None,
        node_selectors: typing.Optional[typing.Sequence[typing.Union["L2AdvertisementSpecNodeSelectors", typing.Dict[builtins.str, typing.Any]]]] = None,
        service_selectors: typing.Optional[typing.Sequence[typing.Union["L2AdvertisementSpecServiceSelectors", typing.Dict[builtins.str, typing.Any]]]] = None,
    ) -> None:
        '''L2AdvertisementSpec defines the desired state of L2Advertisement.

        :param interfaces: A list of interfaces to announce from. The LB IP will be announced only from these interfaces. If the field is not set, we advertise from all the interfaces on the host.
        :param ip_address_pools: The list of IPAddressPools to advertise via this advertisement, selected by name.
        :param ip_address_pool_selectors: A selector for the IPAddressPools which would get advertised via this advertisement. If no IPAddressPool is selected by this or by the list, the advertisement is applied to all the IPAddressPools.
        :param node_selectors: NodeSelectors allows to limit the nodes to announce as next hops for the LoadBalancer IP. When empty, all the nodes having are announced as next hops.
        :param service_selectors: ServiceSelectors limits the set of services that will be advertised via this advertisement. If empty, all services from the selected pools are advertised.

        :schema: L2AdvertisementSpec
        '''
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__396459e10e7f06ea5ccf71c1153e8dbe574c393185fda0aac7490a979ad6c482)
            check_type(argname="argument interfaces", value=interfaces, expected_type=type_hints["interfaces"])
            check_type(argname="argument ip_address_pools", value=ip_address_pools, expected_type=type_hints["ip_address_pools"])
            check_type(argname="argument ip_address_pool_selectors", value=ip_address_pool_selectors, expected_type=type_hints["ip_address_pool_selectors"])
            check_type(argname="argument node_selectors", value=node_selectors, expected_type=type_hints["node_selectors"])
            check_type(argname="argument service_selectors", value=service_selectors, expected_type=type_hints["service_selectors"])
        self._values: typing.Dict[builtins.str, typing.Any] = {}
        if interfaces is not None:
            self._values["interfaces"] = interfaces
        if ip_address_pools is not None:
            self._values["ip_address_pools"] = ip_address_pools
        if ip_address_pool_selectors is not None:
            self._values["ip_address_pool_selectors"] = ip_address_pool_selectors
        if node_selectors is not None:
            self._values["node_selectors"] = node_selectors
        if service_selectors is not None:
            self._values["service_selectors"] = service_selectors

    @builtins.property
    def interfaces(self) -> typing.Optional[typing.List[builtins.str]]:
        '''A list of interfaces to announce from.

        The LB IP will be announced only from these interfaces.
        If the field is not set, we advertise from all the interfaces on the host.

        :schema: L2AdvertisementSpec#interfaces
        '''
        result = self._values.get("interfaces")
        return typing.cast(typing.Optional[typing.List[builtins.str]], result)

    @builtins.property
    def ip_address_pools(self) -> typing.Optional[typing.List[builtins.str]]:
        '''The list of IPAddressPools to advertise via this advertisement, selected by name.

        :schema: L2AdvertisementSpec#ipAddressPools
        '''
        result = self._values.get("ip_address_pools")
        return typing.cast(typing.Optional[typing.List[builtins.str]], result)

    @builtins.property
    def ip_address_pool_selectors(
        self,
    ) -> typing.Optional[typing.List["L2AdvertisementSpecIpAddressPoolSelectors"]]:
        '''A selector for the IPAddressPools which would get advertised via this advertisement.

        If no IPAddressPool is selected by this or by the list, the advertisement is applied to all the IPAddressPools.

        :schema: L2AdvertisementSpec#ipAddressPoolSelectors
        '''
        result = self._values.get("ip_address_pool_selectors")
        return typing.cast(typing.Optional[typing.List["L2AdvertisementSpecIpAddressPoolSelectors"]], result)

    @builtins.property
    def node_selectors(
        self,
    ) -> typing.Optional[typing.List["L2AdvertisementSpecNodeSelectors"]]:
        '''NodeSelectors allows to limit the nodes to announce as next hops for the LoadBalancer IP.

        When empty, all the nodes having  are announced as next hops.

        :schema: L2AdvertisementSpec#nodeSelectors
        '''
        result = self._values.get("node_selectors")
        return typing.cast(typing.Optional[typing.List["L2AdvertisementSpecNodeSelectors"]], result)

    @builtins.property
    def service_selectors(
        self,
    ) -> typing.Optional[typing.List["L2AdvertisementSpecServiceSelectors"]]:
        '''ServiceSelectors limits the set of services that will be advertised via this advertisement.

        If empty, all services from the selected pools are advertised.

        :schema: L2AdvertisementSpec#serviceSelectors
        '''
        result = self._values.get("service_selectors")
        return typing.cast(typing.Optional[typing.List["L2AdvertisementSpecServiceSelectors"]], result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "L2AdvertisementSpec(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.data_type(
    jsii_type="iometallb.L2AdvertisementSpecIpAddressPoolSelectors",
    jsii_struct_bases=[],
    name_mapping={
        "match_expressions": "matchExpressions",
        "match_labels": "matchLabels",
    },
)
class L2AdvertisementSpecIpAddressPoolSelectors:
    def __init__(
        self,
        *,
        match_expressions: typing.Optional[typing.Sequence[typing.Union["L2AdvertisementSpecIpAddressPoolSelectorsMatchExpressions", typing.Dict[builtins.str, typing.Any]]]] = None,
        match_labels: typing.Optional[typing.Mapping[builtins.str, builtins.str]] = None,
    ) -> None:
        '''A label selector is a label query over a set of resources.

        The result of matchLabels and
        matchExpressions are ANDed. An empty label selector matches all objects. A null
        label selector matches no objects.

        :param match_expressions: matchExpressions is a list of label selector requirements. The requirements are ANDed.
        :param match_labels: matchLabels is a map of {key,value} pairs. A single {key,value} in the matchLabels map is equivalent to an element of matchExpressions, whose key field is "key", the operator is "In", and the values array contains only "value". The requirements are ANDed.

        :schema: L2AdvertisementSpecIpAddressPoolSelectors
        '''
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__141a3c32ffb19f91ae8f8f5404dacc3e383e20792ca3686c41077bafc5aed984)
            check_type(argname="argument match_expressions", value=match_expressions, expected_type=type_hints["match_expressions"])
            check_type(argname="argument match_labels", value=match_labels, expected_type=type_hints["match_labels"])
        self._values: typing.Dict[builtins.str, typing.Any] = {}
        if match_expressions is not None:
            self._values["match_expressions"] = match_expressions
        if match_labels is not None:
            self._values["match_labels"] = match_labels

    @builtins.property
    def match_expressions(
        self,
    ) -> typing.Optional[typing.List["L2AdvertisementSpecIpAddressPoolSelectorsMatchExpressions"]]:
        '''matchExpressions is a list of label selector requirements.

        The requirements are ANDed.

        :schema: L2AdvertisementSpecIpAddressPoolSelectors#matchExpressions
        '''
        result = self._values.get("match_expressions")
        return typing.cast(typing.Optional[typing.List["L2AdvertisementSpecIpAddressPoolSelectorsMatchExpressions"]], result)

    @builtins.property
    def match_labels(
        self,
    ) -> typing.Optional[typing.Mapping[builtins.str, builtins.str]]:
        '''matchLabels is a map of {key,value} pairs.

        A single {key,value} in the matchLabels
        map is equivalent to an element of matchExpressions, whose key field is "key", the
        operator is "In", and the values array contains only "value". The requirements are ANDed.

        :schema: L2AdvertisementSpecIpAddressPoolSelectors#matchLabels
        '''
        result = self._values.get("match_labels")
        return typing.cast(typing.Optional[typing.Mapping[builtins.str, builtins.str]], result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "L2AdvertisementSpecIpAddressPoolSelectors(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.data_type(
    jsii_type="iometallb.L2AdvertisementSpecIpAddressPoolSelectorsMatchExpressions",
    jsii_struct_bases=[],
    name_mapping={"key": "key", "operator": "operator", "values": "values"},
)
class L2AdvertisementSpecIpAddressPoolSelectorsMatchExpressions:
    def __init__(
        self,
        *,
        key: builtins.str,
        operator: builtins.str,
        values: typing.Optional[typing.Sequence[builtins.str]] = None,
    ) -> None:
        '''A label selector requirement is a selector that contains values, a key, and an operator that relates the key and values.

        :param key: key is the label key that the selector applies to.
        :param operator: operator represents a key's relationship to a set of values. Valid operators are In, NotIn, Exists and DoesNotExist.
        :param values: values is an array of string values. If the operator is In or NotIn, the values array must be non-empty. If the operator is Exists or DoesNotExist, the values array must be empty. This array is replaced during a strategic merge patch.

        :schema: L2AdvertisementSpecIpAddressPoolSelectorsMatchExpressions
        '''
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__e55abb771b31943467f44cb021ff844dec198ff9bdbd2af3a0c5b06d0cefe3c5)
            check_type(argname="argument key", value=key, expected_type=type_hints["key"])
            check_type(argname="argument operator", value=operator, expected_type=type_hints["operator"])
            check_type(argname="argument values", value=values, expected_type=type_hints["values"])
        self._values: typing.Dict[builtins.str, typing.Any] = {
            "key": key,
            "operator": operator,
        }
        if values is not None:
            self._values["values"] = values

    @builtins.property
    def key(self) -> builtins.str:
        '''key is the label key that the selector applies to.

        :schema: L2AdvertisementSpecIpAddressPoolSelectorsMatchExpressions#key
        '''
        result = self._values.get("key")
        assert result is not None, "Required property 'key' is missing"
        return typing.cast(builtins.str, result)

    @builtins.property
    def operator(self) -> builtins.str:
        '''operator represents a key's relationship to a set of values.

        Valid operators are In, NotIn, Exists and DoesNotExist.

        :schema: L2AdvertisementSpecIpAddressPoolSelectorsMatchExpressions#operator
        '''
        result = self._values.get("operator")
        assert result is not None, "Required property 'operator' is missing"
        return typing.cast(builtins.str, result)

    @builtins.property
    def values(self) -> typing.Optional[typing.List[builtins.str]]:
        '''values is an array of string values.

        If the operator is In or NotIn,
        the values array must be non-empty. If the operator is Exists or DoesNotExist,
        the values array must be empty. This array is replaced during a strategic
        merge patch.

        :schema: L2AdvertisementSpecIpAddressPoolSelectorsMatchExpressions#values
        '''
        result = self._values.get("values")
        return typing.cast(typing.Optional[typing.List[builtins.str]], result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "L2AdvertisementSpecIpAddressPoolSelectorsMatchExpressions(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.data_type(
    jsii_type="iometallb.L2AdvertisementSpecNodeSelectors",
    jsii_struct_bases=[],
    name_mapping={
        "match_expressions": "matchExpressions",
        "match_labels": "matchLabels",
    },
)
class L2AdvertisementSpecNodeSelectors:
    def __init__(
        self,
        *,
        match_expressions: typing.Optional[typing.Sequence[typing.Union["L2AdvertisementSpecNodeSelectorsMatchExpressions", typing.Dict[builtins.str, typing.Any]]]] = None,
        match_labels: typing.Optional[typing.Mapping[builtins.str, builtins.str]] = None,
    ) -> None:
        '''A label selector is a label query over a set of resources.

        The result of matchLabels and
        matchExpressions are ANDed. An empty label selector matches all objects. A null
        label selector matches no objects.

        :param match_expressions: matchExpressions is a list of label selector requirements. The requirements are ANDed.
        :param match_labels: matchLabels is a map of {key,value} pairs. A single {key,value} in the matchLabels map is equivalent to an element of matchExpressions, whose key field is "key", the operator is "In", and the values array contains only "value". The requirements are ANDed.

        :schema: L2AdvertisementSpecNodeSelectors
        '''
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__9ef9d7577c87f71cb60b7b50ee552d075725307022bcc66b3f78b9cdd1185a79)
            check_type(argname="argument match_expressions", value=match_expressions, expected_type=type_hints["match_expressions"])
            check_type(argname="argument match_labels", value=match_labels, expected_type=type_hints["match_labels"])
        self._values: typing.Dict[builtins.str, typing.Any] = {}
        if match_expressions is not None:
            self._values["match_expressions"] = match_expressions
        if match_labels is not None:
            self._values["match_labels"] = match_labels

    @builtins.property
    def match_expressions(
        self,
    ) -> typing.Optional[typing.List["L2AdvertisementSpecNodeSelectorsMatchExpressions"]]:
        '''matchExpressions is a list of label selector requirements.

        The requirements are ANDed.

        :schema: L2AdvertisementSpecNodeSelectors#matchExpressions
        '''
        result = self._values.get("match_expressions")
        return typing.cast(typing.Optional[typing.List["L2AdvertisementSpecNodeSelectorsMatchExpressions"]], result)

    @builtins.property
    def match_labels(
        self,
    ) -> typing.Optional[typing.Mapping[builtins.str, builtins.str]]:
        '''matchLabels is a map of {key,value} pairs.

        A single {key,value} in the matchLabels
        map is equivalent to an element of matchExpressions, whose key field is "key", the
        operator is "In", and the values array contains only "value". The requirements are ANDed.

        :schema: L2AdvertisementSpecNodeSelectors#matchLabels
        '''
        result = self._values.get("match_labels")
        return typing.cast(typing.Optional[typing.Mapping[builtins.str, builtins.str]], result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "L2AdvertisementSpecNodeSelectors(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.data_type(
    jsii_type="iometallb.L2AdvertisementSpecNodeSelectorsMatchExpressions",
    jsii_struct_bases=[],
    name_mapping={"key": "key", "operator": "operator", "values": "values"},
)
class L2AdvertisementSpecNodeSelectorsMatchExpressions:
    def __init__(
        self,
        *,
        key: builtins.str,
        operator: builtins.str,
        values: typing.Optional[typing.Sequence[builtins.str]] = None,
    ) -> None:
        '''A label selector requirement is a selector that contains values, a key, and an operator that relates the key and values.

        :param key: key is the label key that the selector applies to.
        :param operator: operator represents a key's relationship to a set of values. Valid operators are In, NotIn, Exists and DoesNotExist.
        :param values: values is an array of string values. If the operator is In or NotIn, the values array must be non-empty. If the operator is Exists or DoesNotExist, the values array must be empty. This array is replaced during a strategic merge patch.

        :schema: L2AdvertisementSpecNodeSelectorsMatchExpressions
        '''
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__ff54503691dfb8d210bec9d9261f02f36254b78f1efac206f5d1e720a31644b0)
            check_type(argname="argument key", value=key, expected_type=type_hints["key"])
            check_type(argname="argument operator", value=operator, expected_type=type_hints["operator"])
            check_type(argname="argument values", value=values, expected_type=type_hints["values"])
        self._values: typing.Dict[builtins.str, typing.Any] = {
            "key": key,
            "operator": operator,
        }
        if values is not None:
            self._values["values"] = values

    @builtins.property
    def key(self) -> builtins.str:
        '''key is the label key that the selector applies to.

        :schema: L2AdvertisementSpecNodeSelectorsMatchExpressions#key
        '''
        result = self._values.get("key")
        assert result is not None, "Required property 'key' is missing"
        return typing.cast(builtins.str, result)

    @builtins.property
    def operator(self) -> builtins.str:
        '''operator represents a key's relationship to a set of values.

        Valid operators are In, NotIn, Exists and DoesNotExist.

        :schema: L2AdvertisementSpecNodeSelectorsMatchExpressions#operator
        '''
        result = self._values.get("operator")
        assert result is not None, "Required property 'operator' is missing"
        return typing.cast(builtins.str, result)

    @builtins.property
    def values(self) -> typing.Optional[typing.List[builtins.str]]:
        '''values is an array of string values.

        If the operator is In or NotIn,
        the values array must be non-empty. If the operator is Exists or DoesNotExist,
        the values array must be empty. This array is replaced during a strategic
        merge patch.

        :schema: L2AdvertisementSpecNodeSelectorsMatchExpressions#values
        '''
        result = self._values.get("values")
        return typing.cast(typing.Optional[typing.List[builtins.str]], result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "L2AdvertisementSpecNodeSelectorsMatchExpressions(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.data_type(
    jsii_type="iometallb.L2AdvertisementSpecServiceSelectors",
    jsii_struct_bases=[],
    name_mapping={
        "match_expressions": "matchExpressions",
        "match_labels": "matchLabels",
    },
)
class L2AdvertisementSpecServiceSelectors:
    def __init__(
        self,
        *,
        match_expressions: typing.Optional[typing.Sequence[typing.Union["L2AdvertisementSpecServiceSelectorsMatchExpressions", typing.Dict[builtins.str, typing.Any]]]] = None,
        match_labels: typing.Optional[typing.Mapping[builtins.str, builtins.str]] = None,
    ) -> None:
        '''A label selector is a label query over a set of resources.

        The result of matchLabels and
        matchExpressions are ANDed. An empty label selector matches all objects. A null
        label selector matches no objects.

        :param match_expressions: matchExpressions is a list of label selector requirements. The requirements are ANDed.
        :param match_labels: matchLabels is a map of {key,value} pairs. A single {key,value} in the matchLabels map is equivalent to an element of matchExpressions, whose key field is "key", the operator is "In", and the values array contains only "value". The requirements are ANDed.

        :schema: L2AdvertisementSpecServiceSelectors
        '''
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__679d93df81e435a8d45d8f52af3c24ca5f2b95e3b1ea7a0556a1b0ebcbefe934)
            check_type(argname="argument match_expressions", value=match_expressions, expected_type=type_hints["match_expressions"])
            check_type(argname="argument match_labels", value=match_labels, expected_type=type_hints["match_labels"])
        self._values: typing.Dict[builtins.str, typing.Any] = {}
        if match_expressions is not None:
            self._values["match_expressions"] = match_expressions
        if match_labels is not None:
            self._values["match_labels"] = match_labels

    @builtins.property
    def match_expressions(
        self,
    ) -> typing.Optional[typing.List["L2AdvertisementSpecServiceSelectorsMatchExpressions"]]:
        '''matchExpressions is a list of label selector requirements.

        The requirements are ANDed.

        :schema: L2AdvertisementSpecServiceSelectors#matchExpressions
        '''
        result = self._values.get("match_expressions")
        return typing.cast(typing.Optional[typing.List["L2AdvertisementSpecServiceSelectorsMatchExpressions"]], result)

    @builtins.property
    def match_labels(
        self,
    ) -> typing.Optional[typing.Mapping[builtins.str, builtins.str]]:
        '''matchLabels is a map of {key,value} pairs.

        A single {key,value} in the matchLabels
        map is equivalent to an element of matchExpressions, whose key field is "key", the
        operator is "In", and the values array contains only "value". The requirements are ANDed.

        :schema: L2AdvertisementSpecServiceSelectors#matchLabels
        '''
        result = self._values.get("match_labels")
        return typing.cast(typing.Optional[typing.Mapping[builtins.str, builtins.str]], result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "L2AdvertisementSpecServiceSelectors(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.data_type(
    jsii_type="iometallb.L2AdvertisementSpecServiceSelectorsMatchExpressions",
    jsii_struct_bases=[],
    name_mapping={"key": "key", "operator": "operator", "values": "values"},
)
class L2AdvertisementSpecServiceSelectorsMatchExpressions:
    def __init__(
        self,
        *,
        key: builtins.str,
        operator: builtins.str,
        values: typing.Optional[typing.Sequence[builtins.str]] = None,
    ) -> None:
        '''A label selector requirement is a selector that contains values, a key, and an operator that relates the key and values.

        :param key: key is the label key that the selector applies to.
        :param operator: operator represents a key's relationship to a set of values. Valid operators are In, NotIn, Exists and DoesNotExist.
        :param values: values is an array of string values. If the operator is In or NotIn, the values array must be non-empty. If the operator is Exists or DoesNotExist, the values array must be empty. This array is replaced during a strategic merge patch.

        :schema: L2AdvertisementSpecServiceSelectorsMatchExpressions
        '''
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__dd85c0a817785ed5f4628d092b41226e2f63dfd97b1028bd1d258dbbf923c6a7)
            check_type(argname="argument key", value=key, expected_type=type_hints["key"])
            check_type(argname="argument operator", value=operator, expected_type=type_hints["operator"])
            check_type(argname="argument values", value=values, expected_type=type_hints["values"])
        self._values: typing.Dict[builtins.str, typing.Any] = {
            "key": key,
            "operator": operator,
        }
        if values is not None:
            self._values["values"] = values

    @builtins.property
    def key(self) -> builtins.str:
        '''key is the label key that the selector applies to.

        :schema: L2AdvertisementSpecServiceSelectorsMatchExpressions#key
        '''
        result = self._values.get("key")
        assert result is not None, "Required property 'key' is missing"
        return typing.cast(builtins.str, result)

    @builtins.property
    def operator(self) -> builtins.str:
        '''operator represents a key's relationship to a set of values.

        Valid operators are In, NotIn, Exists and DoesNotExist.

        :schema: L2AdvertisementSpecServiceSelectorsMatchExpressions#operator
        '''
        result = self._values.get("operator")
        assert result is not None, "Required property 'operator' is missing"
        return typing.cast(builtins.str, result)

    @builtins.property
    def values(self) -> typing.Optional[typing.List[builtins.str]]:
        '''values is an array of string values.

        If the operator is In or NotIn,
        the values array must be non-empty. If the operator is Exists or DoesNotExist,
        the values array must be empty. This array is replaced during a strategic
        merge patch.

        :schema: L2AdvertisementSpecServiceSelectorsMatchExpressions#values
        '''
        result = self._values.get("values")
        return typing.cast(typing.Optional[typing.List[builtins.str]], result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "L2AdvertisementSpecServiceSelectorsMatchExpressions(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


__all__ = [
    "IpAddressPool",
    "IpAddressPoolProps",
    "IpAddressPoolSpec",
    "IpAddressPoolSpecServiceAllocation",
    "IpAddressPoolSpecServiceAllocationNamespaceSelectors",
    "IpAddressPoolSpecServiceAllocationNamespaceSelectorsMatchExpressions",
    "IpAddressPoolSpecServiceAllocationServiceSelectors",
    "IpAddressPoolSpecServiceAllocationServiceSelectorsMatchExpressions",
    "L2Advertisement",
    "L2AdvertisementProps",
    "L2AdvertisementSpec",
    "L2AdvertisementSpecIpAddressPoolSelectors",
    "L2AdvertisementSpecIpAddressPoolSelectorsMatchExpressions",
    "L2AdvertisementSpecNodeSelectors",
    "L2AdvertisementSpecNodeSelectorsMatchExpressions",
    "L2AdvertisementSpecServiceSelectors",
    "L2AdvertisementSpecServiceSelectorsMatchExpressions",
]

publication.publish()

def _typecheckingstub__00b1ebaecaa81e4235fc72b43ecb5f66922b74a7c877d3cc54feb8b06d1131a5(
    scope: _constructs_77d1e7e8.Construct,
    id: builtins.str,
    *,
    spec: typing.Union[IpAddressPoolSpec, typing.Dict[builtins.str, typing.Any]],
    metadata: typing.Optional[typing.Union[_cdk8s_d3d9af27.ApiObjectMetadata, typing.Dict[builtins.str, typing.Any]]] = None,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__cfcab4b2d1cc7cf4b7f9f1214ed8e491f46d9e97da10fa6681e8c311e1c95b25(
    *,
    spec: typing.Union[IpAddressPoolSpec, typing.Dict[builtins.str, typing.Any]],
    metadata: typing.Optional[typing.Union[_cdk8s_d3d9af27.ApiObjectMetadata, typing.Dict[builtins.str, typing.Any]]] = None,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__80283b0ef3db1174ca332f7982c70edc990debc2bfc235b39b6be5ffe0131497(
    *,
    addresses: typing.Sequence[builtins.str],
    auto_assign: typing.Optional[builtins.bool] = None,
    avoid_buggy_i_ps: typing.Optional[builtins.bool] = None,
    service_allocation: typing.Optional[typing.Union[IpAddressPoolSpecServiceAllocation, typing.Dict[builtins.str, typing.Any]]] = None,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__e3d7bf8b9a3a1f7e7faf4b9378b4006b8c635b403d38810c98bad9f9ed3fe032(
    *,
    namespaces: typing.Optional[typing.Sequence[builtins.str]] = None,
    namespace_selectors: typing.Optional[typing.Sequence[typing.Union[IpAddressPoolSpecServiceAllocationNamespaceSelectors, typing.Dict[builtins.str, typing.Any]]]] = None,
    priority: typing.Optional[jsii.Number] = None,
    service_selectors: typing.Optional[typing.Sequence[typing.Union[IpAddressPoolSpecServiceAllocationServiceSelectors, typing.Dict[builtins.str, typing.Any]]]] = None,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__3873850294806545cb7495f11807d0ad3e5ef2b4bda94737ef4b928ef7cc98c2(
    *,
    match_expressions: typing.Optional[typing.Sequence[typing.Union[IpAddressPoolSpecServiceAllocationNamespaceSelectorsMatchExpressions, typing.Dict[builtins.str, typing.Any]]]] = None,
    match_labels: typing.Optional[typing.Mapping[builtins.str, builtins.str]] = None,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__3b7f3f33ae4c129d43b6c64fce8c00568792c3a44ea9f997623a933f38632d22(
    *,
    key: builtins.str,
    operator: builtins.str,
    values: typing.Optional[typing.Sequence[builtins.str]] = None,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__854520f8779fa5e7c8bc1ee3f049f9e180ae6e97269e0868035643a70009edae(
    *,
    match_expressions: typing.Optional[typing.Sequence[typing.Union[IpAddressPoolSpecServiceAllocationServiceSelectorsMatchExpressions, typing.Dict[builtins.str, typing.Any]]]] = None,
    match_labels: typing.Optional[typing.Mapping[builtins.str, builtins.str]] = None,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__0b3b1d2cc6d2ccfc29406c24ec2428d0d9caf9759c82d1669fbae0fc30cf40ec(
    *,
    key: builtins.str,
    operator: builtins.str,
    values: typing.Optional[typing.Sequence[builtins.str]] = None,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__5a9c9aa0c1a2b56f3785665934581841e03726654005ff577b09b8bf496ed0f4(
    scope: _constructs_77d1e7e8.Construct,
    id: builtins.str,
    *,
    metadata: typing.Optional[typing.Union[_cdk8s_d3d9af27.ApiObjectMetadata, typing.Dict[builtins.str, typing.Any]]] = None,
    spec: typing.Optional[typing.Union[L2AdvertisementSpec, typing.Dict[builtins.str, typing.Any]]] = None,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__9f0170377dd58843dd0d09e2abdaa6bf06b9185716d9050948cfb35942031322(
    *,
    metadata: typing.Optional[typing.Union[_cdk8s_d3d9af27.ApiObjectMetadata, typing.Dict[builtins.str, typing.Any]]] = None,
    spec: typing.Optional[typing.Union[L2AdvertisementSpec, typing.Dict[builtins.str, typing.Any]]] = None,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__396459e10e7f06ea5ccf71c1153e8dbe574c393185fda0aac7490a979ad6c482(
    *,
    interfaces: typing.Optional[typing.Sequence[builtins.str]] = None,
    ip_address_pools: typing.Optional[typing.Sequence[builtins.str]] = None,
    ip_address_pool_selectors: typing.Optional[typing.Sequence[typing.Union[L2AdvertisementSpecIpAddressPoolSelectors, typing.Dict[builtins.str, typing.Any]]]] = None,
    node_selectors: typing.Optional[typing.Sequence[typing.Union[L2AdvertisementSpecNodeSelectors, typing.Dict[builtins.str, typing.Any]]]] = None,
    service_selectors: typing.Optional[typing.Sequence[typing.Union[L2AdvertisementSpecServiceSelectors, typing.Dict[builtins.str, typing.Any]]]] = None,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__141a3c32ffb19f91ae8f8f5404dacc3e383e20792ca3686c41077bafc5aed984(
    *,
    match_expressions: typing.Optional[typing.Sequence[typing.Union[L2AdvertisementSpecIpAddressPoolSelectorsMatchExpressions, typing.Dict[builtins.str, typing.Any]]]] = None,
    match_labels: typing.Optional[typing.Mapping[builtins.str, builtins.str]] = None,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__e55abb771b31943467f44cb021ff844dec198ff9bdbd2af3a0c5b06d0cefe3c5(
    *,
    key: builtins.str,
    operator: builtins.str,
    values: typing.Optional[typing.Sequence[builtins.str]] = None,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__9ef9d7577c87f71cb60b7b50ee552d075725307022bcc66b3f78b9cdd1185a79(
    *,
    match_expressions: typing.Optional[typing.Sequence[typing.Union[L2AdvertisementSpecNodeSelectorsMatchExpressions, typing.Dict[builtins.str, typing.Any]]]] = None,
    match_labels: typing.Optional[typing.Mapping[builtins.str, builtins.str]] = None,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__ff54503691dfb8d210bec9d9261f02f36254b78f1efac206f5d1e720a31644b0(
    *,
    key: builtins.str,
    operator: builtins.str,
    values: typing.Optional[typing.Sequence[builtins.str]] = None,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__679d93df81e435a8d45d8f52af3c24ca5f2b95e3b1ea7a0556a1b0ebcbefe934(
    *,
    match_expressions: typing.Optional[typing.Sequence[typing.Union[L2AdvertisementSpecServiceSelectorsMatchExpressions, typing.Dict[builtins.str, typing.Any]]]] = None,
    match_labels: typing.Optional[typing.Mapping[builtins.str, builtins.str]] = None,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__dd85c0a817785ed5f4628d092b41226e2f63dfd97b1028bd1d258dbbf923c6a7(
    *,
    key: builtins.str,
    operator: builtins.str,
    values: typing.Optional[typing.Sequence[builtins.str]] = None,
) -> None:
    """Type checking stubs"""
    pass
