// Runs the SigV4a core (sigv4presign/core/) on MicroPython (WebAssembly port).
//
// Writes an empty sigv4presign/__init__.py, sigv4presign/errors.py (if the package has
// it at the top) and every module of sigv4presign/core/ to MicroPython's file system
// under /lib, so the core must import nothing else; the test's data file goes to
// /data/sigv4a.json; then sigv4a_runner.py runs inside MicroPython.
//
// stdout: the runner's JSON lines. Exit status: 0 if it ran, 2 if it could not.
// Usage: node tests/micropython/sigv4a_run.mjs DATA.json   (after `npm ci` here)

import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const HERE = dirname(fileURLToPath(import.meta.url));
const PACKAGE = resolve(HERE, "..", "..", "sigv4presign");

function mkdir(fs, path) {
  try {
    fs.mkdir(path);
  } catch (e) {
    // already there (/lib usually is)
  }
}

async function main() {
  const { loadMicroPython } = await import("@micropython/micropython-webassembly-pyscript");
  const lines = [];
  const errors = [];
  const mp = await loadMicroPython({
    stdout: (line) => lines.push(line),
    stderr: (line) => errors.push(line),
  });
  mkdir(mp.FS, "/lib");
  mkdir(mp.FS, "/lib/sigv4presign");
  mkdir(mp.FS, "/lib/sigv4presign/core");
  mp.FS.writeFile("/lib/sigv4presign/__init__.py", "");
  if (existsSync(join(PACKAGE, "errors.py"))) {
    mp.FS.writeFile("/lib/sigv4presign/errors.py", readFileSync(join(PACKAGE, "errors.py"), "utf8"));
  }
  for (const name of readdirSync(join(PACKAGE, "core"))) {
    if (name.endsWith(".py")) {
      mp.FS.writeFile("/lib/sigv4presign/core/" + name, readFileSync(join(PACKAGE, "core", name), "utf8"));
    }
  }
  mp.FS.writeFile("/lib/sigv4a_runner.py", readFileSync(join(HERE, "sigv4a_runner.py"), "utf8"));
  mkdir(mp.FS, "/data");
  mp.FS.writeFile("/data/sigv4a.json", readFileSync(process.argv[2], "utf8"));
  try {
    mp.runPython("import sigv4a_runner\nsigv4a_runner.main()\n");
  } finally {
    for (const line of lines) process.stdout.write(line + "\n");
    if (errors.length) process.stderr.write(errors.join("\n") + "\n");
  }
}

main().then(
  () => {
    process.exitCode = 0;
  },
  (e) => {
    process.stderr.write("micropython: " + (e.message || e) + "\n");
    process.exitCode = 2;
  },
);
