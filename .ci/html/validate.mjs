// Runs the Nu Html Checker (vnu.jar, the W3C's validator) over the customer pages that
// CustomerPageBrowserIT saved as the service sent them, and over the pages' stylesheet. Any error or
// warning fails. Usage: node validate.mjs (after ./mvnw verify).
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const vnu = join(dirname(createRequire(import.meta.url).resolve("vnu-jar")), "build", "dist", "vnu.jar");

const pages = "../../target/customer-pages";
const css = "../../src/main/resources/META-INF/resources/my/assets/page.css";
const files = existsSync(pages) ? readdirSync(pages).filter((f) => f.endsWith(".html")).map((f) => join(pages, f)) : [];
if (files.length < 5) {
  console.error(`expected the customer pages in ${pages} (run ./mvnw verify first), found ${files.length}`);
  process.exit(1);
}
try {
  execFileSync("java", ["-jar", vnu, "--also-check-css", "--Werror", "--format", "text", ...files, css], { stdio: "inherit" });
  console.log(`customer pages: ${files.length} pages and the stylesheet are valid`);
} catch (e) {
  console.error("the customer pages are not valid HTML (see above)");
  process.exit(1);
}
