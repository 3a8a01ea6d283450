// Runs a piece of Python on MicroPython (WebAssembly port) with some files in place.
//
// Usage: node tests/micropython/run_snippet.mjs JOB.json   (after `npm ci` here)
//   JOB.json: {"files": {"/lib/pkg/mod.py": "source", ...}, "code": "python source"}
//   Each file is written to MicroPython's in-memory file system (folders made as needed;
//   sys.path holds /lib), then the code runs.
//
// stdout: what the code printed. stderr: the Python error, if it raised.
// Exit status: 0 when the code ran to its end, 1 when it raised, 2 when it could not run.

import { readFileSync } from "node:fs";

function mkdirs(fs, path) {
  const parts = path.split("/").filter((p) => p);
  let at = "";
  for (const part of parts.slice(0, -1)) {
    at += "/" + part;
    try {
      fs.mkdir(at);
    } catch (e) {
      // already there (/lib usually is)
    }
  }
}

async function main() {
  const job = JSON.parse(readFileSync(process.argv[2], "utf8"));
  const { loadMicroPython } = await import("@micropython/micropython-webassembly-pyscript");
  const out = [];
  const err = [];
  const mp = await loadMicroPython({ stdout: (s) => out.push(s), stderr: (s) => err.push(s) });
  for (const [path, text] of Object.entries(job.files)) {
    mkdirs(mp.FS, path);
    mp.FS.writeFile(path, text);
  }
  let status = 0;
  try {
    mp.runPython(job.code);
  } catch (e) {
    err.push(e.message);
    status = 1;
  }
  for (const line of out) process.stdout.write(line + "\n");
  for (const line of err) process.stderr.write(line + "\n");
  return status;
}

// exitCode rather than process.exit(), so that stdout is flushed in full
main().then(
  (status) => {
    process.exitCode = status;
  },
  (e) => {
    process.stderr.write("micropython: " + e.stack + "\n");
    process.exitCode = 2;
  },
);
