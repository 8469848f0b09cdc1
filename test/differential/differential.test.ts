/**
 * Issue 9's table-driven differential test: every row (test/differential/rows-*.ts) runs against
 * zmtp and against the `zeromq` 6.8.0 binding in child processes, and each row must either
 * match exactly (value or error class, code, errno, message, address, sync/async, process
 * warnings, unhandled rejections) or be listed in KNOWN_DIFFERENCES. A listed row that now
 * matches fails too, so the list can only shrink as fixes land.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { isDeepStrictEqual } from "node:util";
import { KNOWN_DIFFERENCES, compress } from "./known.js";
import { runTable, type RowResult } from "./run-table.js";

const show = (r: RowResult): string =>
  `\n    zmtp:   ${JSON.stringify(r.zmtp).slice(0, 700)}\n    zeromq: ${JSON.stringify(r.zeromq).slice(0, 700)}`;

test("differential table: zmtp vs zeromq 6.8.0 (child processes)", { timeout: 600_000 }, async (t) => {
  const { manifest, results, notes } = runTable();
  for (const note of notes) t.diagnostic(note);
  for (const row of manifest.filter((r) => r.leftOut)) t.diagnostic(`left out: ${row.id}: ${row.leftOut}`);
  for (const row of manifest.filter((r) => r.isolated)) t.diagnostic(`own process: ${row.id}: ${row.isolated}`);

  const ran = manifest.filter((r) => !r.leftOut);
  const different = ran.filter((r) => {
    const res = results.get(r.id);
    return res !== undefined && !isDeepStrictEqual(res.zmtp, res.zeromq);
  });
  const summary =
    `${ran.length} rows run, ${ran.length - different.length} equal, ${different.length} different; ` +
    `KNOWN_DIFFERENCES lists ${KNOWN_DIFFERENCES.size}` +
    ` (${[...KNOWN_DIFFERENCES.values()].filter((k) => k.item === "new").length} new, the rest in issue 9's list)`;
  t.diagnostic(summary);
  console.log(`differential table: ${summary}`);

  const groups = [...new Set(ran.map((r) => r.group))];
  for (const group of groups) {
    await t.test(group, () => {
      const problems: string[] = [];
      const unlisted: string[] = [];
      for (const row of ran.filter((r) => r.group === group)) {
        const res = results.get(row.id);
        if (!res) {
          problems.push(`${row.id}: no result (the child did not run it)`);
          continue;
        }
        const equal = isDeepStrictEqual(res.zmtp, res.zeromq);
        const known = KNOWN_DIFFERENCES.get(row.id);
        if (known && equal) {
          problems.push(`${row.id}: now matches the binding; remove it from KNOWN_DIFFERENCES (${known.pattern})`);
        } else if (!known && !equal) {
          problems.push(`${row.id}: differs from the binding and is not in KNOWN_DIFFERENCES${show(res)}`);
          unlisted.push(row.id);
        }
      }
      if (unlisted.length) problems.push(`as patterns for known-*.ts:\n${compress(unlisted).join("\n")}`);
      assert.equal(problems.length, 0, `${problems.length} problem(s):\n${problems.join("\n")}`);
    });
  }

  await t.test("KNOWN_DIFFERENCES names only rows that run", () => {
    const runIds = new Set(ran.map((r) => r.id));
    const stale = [...KNOWN_DIFFERENCES.entries()].filter(([id]) => !runIds.has(id));
    assert.deepEqual(
      stale.map(([id, k]) => `${id} (${k.pattern})`),
      [],
      "KNOWN_DIFFERENCES lists ids that are not rows of the table",
    );
  });
});
