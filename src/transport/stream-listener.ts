import { accessSync, constants as fsConstants, existsSync, mkdtempSync, rmdirSync, unlinkSync } from "node:fs";
import { BlockList, createServer, isIP, type Server, type Socket as NetSocket } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { errnoOf, errnoOfNodeError, zmqError, type ErrnoError } from "../errors.js";
import type { EnginePlace } from "../engine/host.js";
import { adoptAccepted } from "../engine/socket-reads.js";
import {
  EVENT_ACCEPTED,
  EVENT_ACCEPT_FAILED,
  EVENT_BIND_FAILED,
  EVENT_CLOSED,
  EVENT_CLOSE_FAILED,
  EVENT_LISTENING,
} from "../events/events.js";
import type { EventSink } from "../events/sink.js";
import type { TransportOptions } from "./options.js";
import { tcpUri, type Endpoint } from "./endpoint.js";
import { resolveBindHost } from "./bind-host.js";
import { fdOf, syntheticFd } from "./fd.js";

/** What a listener needs from its socket. */
export interface ListenerOwner {
  readonly events: EventSink;
  readonly options: TransportOptions;
  /** A connection was accepted (ACCEPTED already emitted): start its engine. */
  accepted(stream: NetSocket, place: EnginePlace, listener: StreamListener): void;
}

/** A listener's lifecycle; `close` is its one teardown. */
const enum ListenerState {
  /** Constructed, or resolving the host to bind. */
  Idle,
  /** The server exists and its bind is in flight. */
  Binding,
  Listening,
  /** The bind failed (BIND_FAILED reported); nothing to close. */
  Failed,
  Closed,
}

/**
 * A bound tcp:// or ipc:// endpoint. Emits LISTENING / BIND_FAILED (after CLOSED of the
 * abandoned socket, as libzmq), ACCEPTED, ACCEPT_FAILED, CLOSED and CLOSE_FAILED.
 */
export class StreamListener {
  private server: Server | null = null;
  private fd = -1;
  /** Resolved endpoint (LISTENING's address, ZMQ_LAST_ENDPOINT). */
  uri = "";
  /**
   * The local address of every connection accepted on a tcp:// endpoint bound to one address:
   * the kernel gives each the bound address and port, so no getsockname per connection. Null for
   * a wildcard host (it depends on the interface the peer reached) and for ipc.
   */
  private acceptedLocal: string | null = null;
  private ipcFile: string | null = null;
  private ipcTempDir: string | null = null;
  private state = ListenerState.Idle;

  constructor(
    private readonly owner: ListenerOwner,
    readonly endpoint: Extract<Endpoint, { transport: "tcp" | "ipc" }>,
  ) {}

  /** Binds; resolves with the resolved endpoint or rejects with the bind error (with `address`). */
  async listen(): Promise<string> {
    const ep = this.endpoint;
    const ev = this.owner.events;
    const addrPart = ep.address.slice(ep.address.indexOf("://") + 3);
    let host = "";
    let path = "";
    if (ep.transport === "tcp") {
      if (ep.wildcardHost) {
        host = this.owner.options.ipv6 ? "::" : "0.0.0.0";
      } else {
        const resolved = await resolveBindHost(ep.host, this.owner.options.ipv6);
        if (resolved === null) {
          // libzmq cannot resolve the interface/host: ENODEV, and no socket was ever created.
          this.state = ListenerState.Failed;
          ev.event(EVENT_BIND_FAILED, errnoOf("ENODEV"), addrPart, "", true);
          throw zmqError("ENODEV", undefined, ep.address);
        }
        host = resolved;
      }
    } else {
      if (ep.wildcard) {
        const base = process.env["TMPDIR"] || process.env["TEMPDIR"] || process.env["TMP"] || tmpdir();
        this.ipcTempDir = mkdtempSync(join(base, "tmp"));
        path = join(this.ipcTempDir, "socket");
      } else {
        path = ep.path;
        // libzmq removes a stale socket file before binding.
        if (!path.startsWith("@")) {
          try {
            unlinkSync(path);
          } catch {
            /* absent is fine */
          }
        }
      }
    }
    const server = createServer({ pauseOnConnect: false, noDelay: true });
    this.server = server;
    this.state = ListenerState.Binding;
    server.on("connection", (s) => this.onConnection(s));
    try {
      // Node reports a missing directory as EACCES; libzmq (and the kernel) say ENOENT.
      if (path !== "" && !path.startsWith("@") && !existsSync(dirname(path))) {
        throw Object.assign(new Error("ENOENT"), { code: "ENOENT" });
      }
      await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        const backlog = this.owner.options.backlog;
        if (ep.transport === "tcp") {
          server.listen({ host, port: ep.port, backlog, ipv6Only: false }, () => resolve());
        } else {
          server.listen({ path: path.startsWith("@") ? "\0" + path.slice(1) : path, backlog }, () => resolve());
        }
      });
    } catch (err) {
      let code = (err as ErrnoError).code ?? "EINVAL";
      // libuv turns every ENOENT of a Unix-socket bind into EACCES; when the directory is in
      // fact writable, the kernel's answer was ENOENT (e.g. under /proc), which libzmq reports.
      if (code === "EACCES" && ep.transport === "ipc" && !path.startsWith("@") && writableDir(dirname(path)))
        code = "ENOENT";
      // The socket libzmq opened for the attempt is closed first; for TCP its endpoint is not set yet.
      const closedUri = ep.transport === "ipc" ? ep.address : "";
      ev.event(EVENT_CLOSED, syntheticFd(), closedUri, "", true);
      ev.event(EVENT_BIND_FAILED, errnoOf(code), ep.transport === "ipc" ? path : addrPart, "", true);
      this.state = ListenerState.Failed;
      this.server = null;
      if (this.ipcTempDir) this.removeIpcFiles();
      throw zmqError(code, undefined, ep.address);
    }
    server.on("error", (err: NodeJS.ErrnoException) => {
      // accept() failing (EMFILE, ENFILE, ENOBUFS, ...) is ACCEPT_FAILED; the listener keeps going.
      ev.event(EVENT_ACCEPT_FAILED, errnoOfNodeError(err, "ECONNABORTED"), this.uri, "", true);
    });
    server.unref();
    if (this.state === ListenerState.Binding) this.state = ListenerState.Listening;
    this.fd = fdOf(server);
    if (ep.transport === "tcp") {
      const a = server.address();
      const port = a && typeof a === "object" ? a.port : ep.port;
      this.uri = tcpUri(host, port);
      if (!ep.wildcardHost && a && typeof a === "object") this.acceptedLocal = tcpUri(a.address, a.port);
    } else {
      this.uri = ep.wildcard ? `ipc://${path}` : ep.address;
      if (!path.startsWith("@")) this.ipcFile = path;
    }
    ev.event(EVENT_LISTENING, this.fd, this.uri, "", true);
    return this.uri;
  }

  private onConnection(accepted: NetSocket): void {
    if (this.state === ListenerState.Closed) {
      accepted.destroy();
      return;
    }
    const s = adoptAccepted(accepted);
    s.unref();
    const ep = this.endpoint;
    let local: string;
    let remote: string;
    if (ep.transport === "tcp") {
      if (this.acceptedLocal !== null) {
        local = this.acceptedLocal;
      } else if (s.localAddress === undefined || s.localPort === undefined) {
        // The peer vanished between accept and now.
        this.owner.events.event(EVENT_ACCEPT_FAILED, errnoOf("ECONNABORTED"), this.uri, "", true);
        s.destroy();
        return;
      } else {
        local = tcpUri(s.localAddress, s.localPort);
      }
      remote = tcpUri(s.remoteAddress ?? "", s.remotePort ?? 0);
    } else {
      local = this.uri;
      remote = "ipc://";
    }
    const filters = this.owner.options.acceptFilters;
    if (ep.transport === "tcp" && filters.length > 0 && !acceptedBy(filters, s.remoteAddress ?? "")) {
      // ZMQ_TCP_ACCEPT_FILTER rejection: libzmq reports ACCEPT_FAILED with a stale errno, which
      // is EAGAIN from its non-blocking accept loop in practice (measured against 4.3.5).
      this.owner.events.event(EVENT_ACCEPT_FAILED, errnoOf("EAGAIN"), this.uri, "", true);
      s.destroy();
      return;
    }
    const fd = fdOf(s);
    this.owner.events.event(EVENT_ACCEPTED, fd, local, remote, true);
    this.owner.accepted(s, { local, remote, bindSide: true, fd }, this);
  }

  /**
   * Stops listening, in this order: state Closed; the server closed (accepted connections
   * belong to their sessions); the ipc file and a wildcard's temp dir removed; CLOSED, or
   * CLOSE_FAILED with the removal's errno.
   */
  close(): void {
    if (this.state !== ListenerState.Binding && this.state !== ListenerState.Listening) return;
    this.state = ListenerState.Closed;
    this.server?.close();
    this.server = null;
    let failed = 0;
    if (this.ipcFile || this.ipcTempDir) failed = this.removeIpcFiles();
    if (failed) this.owner.events.event(EVENT_CLOSE_FAILED, failed, this.uri, "", true);
    else this.owner.events.event(EVENT_CLOSED, this.fd, this.uri, "", true);
  }

  /** Removes the socket file (and a wildcard's temp dir); returns an errno on failure, else 0. */
  private removeIpcFiles(): number {
    try {
      if (this.ipcFile) {
        try {
          unlinkSync(this.ipcFile);
        } catch (err) {
          if ((err as ErrnoError).code !== "ENOENT") throw err;
        }
      }
      if (this.ipcTempDir) rmdirSync(this.ipcTempDir);
      return 0;
    } catch (err) {
      return errnoOfNodeError(err, "EACCES");
    }
  }
}

/** Whether a peer address passes ZMQ_TCP_ACCEPT_FILTER entries (addresses or CIDR subnets). */
function acceptedBy(filters: readonly string[], address: string): boolean {
  const list = new BlockList();
  for (const f of filters) {
    const [addr, bits] = f.split("/");
    const family = isIP(addr!) === 6 ? "ipv6" : "ipv4";
    if (bits === undefined) list.addAddress(addr!, family);
    else list.addSubnet(addr!, Number(bits), family);
  }
  const mapped = address.startsWith("::ffff:") ? address.slice(7) : address;
  return list.check(mapped, isIP(mapped) === 6 ? "ipv6" : "ipv4");
}

function writableDir(dir: string): boolean {
  try {
    accessSync(dir, fsConstants.W_OK | fsConstants.X_OK);
    return true;
  } catch {
    return false;
  }
}
