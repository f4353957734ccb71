// Completes package-lock.json with the platform packages of @bufbuild/buf that the npm registry
// reachable from our machines does not serve at the pinned version (there, only the linux-x64
// and linux-aarch64 binaries of buf 1.75.0 exist). `npm install` leaves them out of the lockfile,
// and `npm ci` then refuses the lockfile as out of sync ("Missing: @bufbuild/buf-darwin-arm64").
// The entries added here carry os/cpu, so npm ci skips them on every other platform without
// fetching anything. Run it after every `npm install` in hack/tools:
//
//   npm install --prefix hack/tools && node hack/tools/fix-lockfile.mjs
//
// Idempotent; entries npm did write are left alone.
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const platforms = {
  "@bufbuild/buf-darwin-arm64": { os: "darwin", cpu: "arm64" },
  "@bufbuild/buf-darwin-x64": { os: "darwin", cpu: "x64" },
  "@bufbuild/buf-linux-aarch64": { os: "linux", cpu: "arm64" },
  "@bufbuild/buf-linux-armv7": { os: "linux", cpu: "arm" },
  "@bufbuild/buf-linux-x64": { os: "linux", cpu: "x64" },
  "@bufbuild/buf-win32-arm64": { os: "win32", cpu: "arm64" },
  "@bufbuild/buf-win32-x64": { os: "win32", cpu: "x64" },
};

const file = join(dirname(fileURLToPath(import.meta.url)), "package-lock.json");
const lock = JSON.parse(readFileSync(file, "utf8"));
const buf = lock.packages["node_modules/@bufbuild/buf"];
if (!buf) throw new Error("@bufbuild/buf is not in " + file);

const added = [];
for (const [name, version] of Object.entries(buf.optionalDependencies ?? {})) {
  const key = "node_modules/" + name;
  if (lock.packages[key]) continue;
  const p = platforms[name];
  if (!p) throw new Error("unknown buf platform package " + name + ": add it to fix-lockfile.mjs");
  lock.packages[key] = {
    version,
    cpu: [p.cpu],
    dev: true,
    license: "Apache-2.0",
    optional: true,
    os: [p.os],
    engines: { node: ">=12" },
  };
  added.push(name + "@" + version);
}

const sorted = {};
for (const key of Object.keys(lock.packages).sort()) sorted[key] = lock.packages[key];
lock.packages = sorted;
writeFileSync(file, JSON.stringify(lock, null, 2) + "\n");
console.log(added.length ? "added to package-lock.json: " + added.join(", ") : "package-lock.json already complete");
