"use strict";
// homemusic's one JavaScript class, run by the jsii kernel beside cdk8s
// (homemusic/_private/k8s.py calls it; Apache-2.0, like the rest of homemusic).
//
// Objects.define creates a cdk8s ApiObject with its whole body in one call.
// From Python, the same object otherwise takes three calls into Node.js: the
// ApiObject (whose props carry only apiVersion, kind and metadata through
// jsii), JsonPatch.add with the spec, and addJsonPatch. Here the body, given
// as JSON text, is the ApiObject's props, which ApiObject.toJson() spreads
// into the output with the keys sorted at every level (cdk8s 2.70,
// lib/api-object.js): the same YAML as the patch gave.
const { ApiObject, JsonPatch } = require("cdk8s");

class Objects {
  /**
   * @param scope the parent construct
   * @param id the construct id
   * @param body the object as JSON text: apiVersion, kind, metadata and the rest (spec, data)
   * @param clusterScoped drop the namespace the chart gives every object
   */
  static define(scope, id, body, clusterScoped) {
    const object = new ApiObject(scope, id, JSON.parse(body));
    if (clusterScoped && object.chart.namespace) {
      object.addJsonPatch(JsonPatch.remove("/metadata/namespace"));
    }
    return object;
  }
}
Objects[Symbol.for("jsii.rtti")] = { fqn: "homemusic-objects.Objects", version: "1.0.0" };

exports.Objects = Objects;
