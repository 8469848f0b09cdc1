/** The binding's text: `zeromq/draft` emits it as a plain Warning when loaded. */
const TEXT = "ZeroMQ draft features are experimental and could change at any time.";

/** Shared by the ESM and CommonJS builds, so loading both still warns once. */
const WARNED = Symbol.for("zmtp.draft.warned");

/** Emits the draft warning unless this process already has. */
export function warnDraftOnce(): void {
  const g = globalThis as { [WARNED]?: true };
  if (g[WARNED]) return;
  g[WARNED] = true;
  process.emitWarning(TEXT);
}
