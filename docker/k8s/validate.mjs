// Validates the manifests offline: each document against the Kubernetes (or Knative) schema of its
// kind, then the rules the service needs on those platforms. Usage: node validate.mjs *.yaml
// With --expect-problems it succeeds only if every file given has a problem (the check's own test).
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
// What stands in for a secret in examples (as lower-case letters and digits), as the service's own
// start check (common/RequiredSettings) knows them: a value made only of these, or marked as one, is refused.
const PLACEHOLDERS = ["changeme", "changethis", "changeit", "replaceme", "secret", "admin", "password", "passwd",
  "token", "admintoken", "default", "example", "placeholder", "test", "dummy", "sample", "letmein", "qwerty", "none",
  "null", "todo", "fixme", "xxx", "x", "0", "1", "123456", "12345678", "abc"];
const PLACEHOLDER_MARKS = ["changeme", "replaceme", "placeholder", "yoursecret", "yourtoken", "insertyour", "putyour",
  "notasecret"];
const ONLY_PLACEHOLDER_WORDS = new RegExp(`^(${PLACEHOLDERS.join("|")})+$`);
function placeholder(value) {
  const words = String(value).toLowerCase().replace(/[^a-z0-9]/g, "");
  return ONLY_PLACEHOLDER_WORDS.test(words) || PLACEHOLDER_MARKS.some((mark) => words.includes(mark));
}
const MANAGEMENT_PORT = 9000;

const args = process.argv.slice(2);
const expectProblems = args[0] === "--expect-problems";
const files = expectProblems ? args.slice(1) : args;

const problems = [];
const documents = [];
for (const file of files) {
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

// Deployments probe the management interface; Knative probes only the serving port, so its probes are TCP.
function checkContainers(file, containers, knative) {
  for (const c of containers) {
    const name = `${file}: container ${c.name ?? c.image}`;
    const ports = Object.fromEntries((c.ports ?? []).map((p) => [p.name ?? String(p.containerPort), p.containerPort]));
    for (const probe of ["livenessProbe", "readinessProbe", ...(knative ? [] : ["startupProbe"])]) {
      const check = c[probe];
      if (knative) {
        if (!check?.tcpSocket && !check?.httpGet) problems.push(`${name}: ${probe} is missing`);
        continue;
      }
      const path = check?.httpGet?.path ?? "";
      const port = check?.httpGet?.port;
      if (!path.startsWith("/q/health")) problems.push(`${name}: ${probe} must check /q/health`);
      if ((ports[port] ?? port) !== MANAGEMENT_PORT) {
        problems.push(`${name}: ${probe} must use the management port ${MANAGEMENT_PORT}, not ${port}`);
      }
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
    checkContainers(file, object.spec.template.spec.containers, false);
    if (!object.spec.template.spec.securityContext?.runAsNonRoot) problems.push(`${file}: must run as non-root`);
    const annotations = object.spec.template.metadata?.annotations ?? {};
    if (annotations["prometheus.io/scrape"] === "true" && annotations["prometheus.io/port"] !== String(MANAGEMENT_PORT)) {
      problems.push(`${file}: metrics are scraped from the management port ${MANAGEMENT_PORT}`);
    }
  }
  if (key === "serving.knative.dev/v1/Service") checkContainers(file, object.spec.template.spec.containers, true);
  if (key === "v1/Secret") {
    const values = object.stringData ?? object.data ?? {};
    for (const name of REQUIRED_SECRETS) {
      if (!(name in values)) problems.push(`${file}: Secret lacks ${name}`);
    }
    for (const [name, value] of Object.entries(values)) {
      const text = object.stringData ? value : Buffer.from(String(value), "base64").toString("utf8");
      if (text !== "" && text !== null && placeholder(text)) {
        problems.push(`${file}: Secret ${name} is a placeholder ("${text}"): ship it empty, and set it from the secret store`);
      }
    }
  }
  if (key === "autoscaling/v2/HorizontalPodAutoscaler") {
    const target = object.spec.scaleTargetRef;
    const found = documents.some((d) => d.key === `${target.apiVersion}/${target.kind}` && d.object.metadata.name === target.name);
    if (!found) problems.push(`${file}: scaleTargetRef ${target.kind}/${target.name} is not among the manifests`);
  }
}

if (expectProblems) {
  const clean = files.filter((file) => !problems.some((p) => p.startsWith(`${file}:`)));
  if (clean.length) {
    console.error(`expected problems in ${clean.join(", ")}, found none`);
    process.exit(1);
  }
  console.log(`refused as expected:\n${problems.join("\n")}`);
  process.exit(0);
}
if (problems.length) {
  console.error(problems.join("\n"));
  process.exit(1);
}
console.log(`${documents.length} manifests valid: ${documents.map((d) => d.key).join(", ")}`);
