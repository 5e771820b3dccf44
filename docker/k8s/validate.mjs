// Validates the manifests offline: each document against the Kubernetes (or Knative) schema of its
// kind, then the rules the service needs on those platforms. Usage: node validate.mjs *.yaml
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";
import { Deployment } from "kubernetes-models/apps/v1";
import { HorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2";
import { Secret, Service } from "kubernetes-models/v1";
import { Service as KnativeService } from "@kubernetes-models/knative/serving.knative.dev/v1";

const models = {
  "apps/v1/Deployment": Deployment,
  "autoscaling/v2/HorizontalPodAutoscaler": HorizontalPodAutoscaler,
  "v1/Secret": Secret,
  "v1/Service": Service,
  "serving.knative.dev/v1/Service": KnativeService,
};
const REQUIRED_SECRETS = ["DB_URL", "DB_USER", "DB_PASSWORD", "PROTECTION_ADMIN_TOKEN"];

const problems = [];
const documents = [];
for (const file of process.argv.slice(2)) {
  for (const doc of parseAllDocuments(readFileSync(file, "utf8"))) {
    if (doc.errors.length) {
      problems.push(`${file}: ${doc.errors[0].message}`);
      continue;
    }
    const object = doc.toJS();
    const key = `${object.apiVersion}/${object.kind}`;
    const Model = models[key];
    if (!Model) {
      problems.push(`${file}: no schema for ${key}`);
      continue;
    }
    try {
      new Model(object).validate();
      documents.push({ file, key, object });
    } catch (e) {
      problems.push(`${file}: ${key} ${e.message}`);
    }
  }
}

function checkContainers(file, containers, needsStartup) {
  for (const c of containers) {
    const name = `${file}: container ${c.name ?? c.image}`;
    for (const probe of ["livenessProbe", "readinessProbe", ...(needsStartup ? ["startupProbe"] : [])]) {
      const path = c[probe]?.httpGet?.path ?? "";
      if (!path.startsWith("/q/health")) problems.push(`${name}: ${probe} must check /q/health`);
    }
    for (const kind of ["requests", "limits"]) {
      if (!c.resources?.[kind]?.cpu || !c.resources?.[kind]?.memory) {
        problems.push(`${name}: resources.${kind} needs cpu and memory`);
      }
    }
    const secrets = (c.envFrom ?? []).map((e) => e.secretRef?.name).filter(Boolean);
    if (secrets.length === 0) problems.push(`${name}: settings must come from the Secret`);
  }
}

for (const { file, key, object } of documents) {
  if (key === "apps/v1/Deployment") {
    checkContainers(file, object.spec.template.spec.containers, true);
    if (!object.spec.template.spec.securityContext?.runAsNonRoot) problems.push(`${file}: must run as non-root`);
  }
  if (key === "serving.knative.dev/v1/Service") checkContainers(file, object.spec.template.spec.containers, false);
  if (key === "v1/Secret") {
    for (const name of REQUIRED_SECRETS) {
      if (!(name in (object.stringData ?? object.data ?? {}))) problems.push(`${file}: Secret lacks ${name}`);
    }
  }
  if (key === "autoscaling/v2/HorizontalPodAutoscaler") {
    const target = object.spec.scaleTargetRef;
    const found = documents.some((d) => d.key === `${target.apiVersion}/${target.kind}` && d.object.metadata.name === target.name);
    if (!found) problems.push(`${file}: scaleTargetRef ${target.kind}/${target.name} is not among the manifests`);
  }
}

if (problems.length) {
  console.error(problems.join("\n"));
  process.exit(1);
}
console.log(`${documents.length} manifests valid: ${documents.map((d) => d.key).join(", ")}`);
