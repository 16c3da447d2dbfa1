"use strict";
// homemusic's one JavaScript class, run by the jsii kernel beside cdk8s
// (homemusic/_private/k8s.py, constructs/ingress.py and output.py call it;
// Apache-2.0, like the rest of homemusic). Each static method does in one call
// into Node.js what would otherwise take several: while a synth starts, each
// call costs about a millisecond.
//
// Objects.define creates a cdk8s ApiObject with its whole body in one call.
// From Python, the same object otherwise takes three calls into Node.js: the
// ApiObject (whose props carry only apiVersion, kind and metadata through
// jsii), JsonPatch.add with the spec, and addJsonPatch. Here the body comes as
// JSON text and the spec and data are added as the same JSON patches, so the
// object renders exactly as before: patches apply after cdk8s resolves and
// sorts an object's props (cdk8s 2.70, lib/api-object.js), so an App's
// resolvers and CDK8S_DISABLE_SORT never touch them; Python sorts their keys.
const { ApiObject, JsonPatch, Yaml } = require("cdk8s");

// A string as Python prints it in a list (its repr) for the printable ones a
// host name is: in single quotes, or double quotes when it holds a single one.
function pythonRepr(text) {
  const escaped = text.replace(/\\/g, "\\\\");
  if (text.includes("'") && !text.includes('"')) return `"${escaped}"`;
  return `'${escaped.replace(/'/g, "\\'")}'`;
}

// A list of host names as the error messages print it (as Python prints a list of str).
function listText(items) {
  return `[${items.map((item) => pythonRepr(String(item))).join(", ")}]`;
}

function distinctSorted(items) {
  return [...new Set(items)].sort();
}

class Objects {
  /**
   * @param scope the parent construct
   * @param id the construct id
   * @param body the object as JSON text: apiVersion, kind, metadata and the rest (spec, data)
   * @param clusterScoped drop the namespace the chart gives every object
   */
  static define(scope, id, body, clusterScoped) {
    const { apiVersion, kind, metadata, spec, data } = JSON.parse(body);
    const object = new ApiObject(scope, id, { apiVersion, kind, metadata });
    const patches = [];
    if (spec !== undefined) patches.push(JsonPatch.add("/spec", spec));
    if (data !== undefined) patches.push(JsonPatch.add("/data", data));
    if (clusterScoped && object.chart.namespace) {
      patches.push(JsonPatch.remove("/metadata/namespace"));
    }
    if (patches.length > 0) object.addJsonPatch(...patches);
    return object;
  }

  /**
   * Adds a deferred check to `scope`: the TLS hosts of the Ingress `ingress`
   * equal its rule hosts, also after escape-hatch edits (a host without TLS
   * would be served over plain HTTP). It runs in Node.js with the other
   * validations of a synth, without calling back into Python.
   */
  static checkTlsHosts(scope, ingress) {
    scope.node.addValidation({
      validate() {
        const spec = ingress.toJson().spec ?? {};
        const tls = distinctSorted((spec.tls ?? []).flatMap((entry) => entry.hosts ?? []));
        const rules = distinctSorted(
          (spec.rules ?? []).filter((rule) => "host" in rule).map((rule) => rule.host),
        );
        if (tls.length === rules.length && tls.every((host, i) => host === rules[i])) {
          return [];
        }
        return [
          `TlsIngress hosts: got TLS hosts ${listText(tls)} and rule hosts ${listText(rules)}; ` +
            "expected the same hosts in both (a host without TLS would be served over plain HTTP)",
        ];
      },
    });
  }

  /**
   * Synthesizes `app` as App.synthYaml() does (dependencies, every validation,
   * then the YAML of every chart) and returns, as JSON text, what writing it
   * needs: that YAML and each chart's path (and, when there are several
   * charts, each chart's own YAML).
   */
  static render(app) {
    const yaml = app.synthYaml();
    const charts = app.charts;
    return JSON.stringify({
      yaml,
      charts: charts.map((chart) => ({
        path: chart.node.path,
        yaml: charts.length === 1 ? null : Yaml.stringify(...Object.values(chart.toJson())),
      })),
    });
  }
}
Objects[Symbol.for("jsii.rtti")] = { fqn: "homemusic-objects.Objects", version: "1.0.0" };

exports.Objects = Objects;
