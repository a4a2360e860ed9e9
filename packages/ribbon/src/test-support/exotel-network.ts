// What lies below Exotel's browser SDKs, played in the page: Exotel's SIP edge, reached over a
// WebSocket (RFC 7118, subprotocol `sip`) on `*.exotel.com`, and the integrations API at
// integrationscore.mum1.exotel.com that the CRM SDK asks for the app, the agent's SIP account and
// outbound calls. The SDKs run unchanged above it; only `window.WebSocket` (for those `wss://`
// URLs) and `window.fetch` (for that origin) are replaced. SIP follows RFC 3261: the edge answers
// REGISTER, sends INVITEs with a real SDP offer from an RTCPeerConnection in the page, ACKs,
// answers BYE/INFO/re-INVITE, and sends BYE or CANCEL when the far end hangs up.

export const ICORE_ORIGIN = 'https://integrationscore.mum1.exotel.com';
/** The CRM SDK's key (its Constants.publicKey), with which the usermapping's SipSecret is sealed. */
const SIP_SECRET_KEY_HEX = '6368616e676520746869732070617373776f726420746f206120736563726574';

export interface ExotelNetworkOptions {
  /** Exotel account: the CRM SDK's SIP domain is `<accountSid>.voip.exotel.com`. */
  accountSid?: string;
  /** The token the integrations API accepts in `Authorization`. */
  accessToken?: string;
  /** The CRM user the usermapping answers for (`?user_id=`). */
  agentUserId?: string;
  /** The agent's SIP user (usermapping SipId is `sip:<sipUser>`) and secret (sent encrypted). */
  sipUser?: string;
  sipSecret?: string;
  exotelUserName?: string;
  appId?: string;
  customerId?: string;
  /** Other SIP users' passwords (the CRM agent's is `sipSecret`); REGISTER is digest-challenged against them. */
  sipPasswords?: Record<string, string>;
  /** Challenge REGISTER with digest authentication (RFC 3261 22, qop=auth), as Exotel's edge does. Default true. */
  authenticate?: boolean;
  /** What `POST /v2/integrations/call/outbound_call` answers (default 200 with a CallSid). */
  outboundCall?: { status: number; body?: unknown };
}

export interface SipLogEntry {
  /** `to-ua`: the edge sent it to the SDK; `from-ua`: the SDK sent it. */
  direction: 'to-ua' | 'from-ua';
  /** Request method, or for a response the CSeq method. */
  method: string;
  /** Response status code; null for a request. */
  status: number | null;
  startLine: string;
  callId: string;
  body: string;
}

export interface IcoreRequest {
  method: string;
  /** Path and query, e.g. `/v2/integrations/usermapping?user_id=agent-7`. */
  path: string;
  authorization: string | null;
  /** The JSON body, parsed; null when there is none. */
  body: unknown;
}

export interface SipBinding {
  /** The user part of the REGISTER's To (the agent's SIP user). */
  user: string;
  /** The Contact URI the UA registered. */
  contact: string;
  expires: number;
}

export interface CallEnd {
  /** `ua-bye`: the SDK hung up; `remote-bye`/`remote-cancel`: the far end did; `rejected`: a final non-2xx. */
  reason: 'ua-bye' | 'remote-bye' | 'remote-cancel' | 'rejected';
  /** The UA's final status for `rejected` (486 Busy Here, 480, ...) or 487 for a cancelled call. */
  status: number | null;
}

export interface FakeCall {
  callSid: string;
  from: string;
  callId: string;
  state: 'inviting' | 'ringing' | 'answered' | 'ended';
  /** The UA's final status to the INVITE, once it sent one (200, 486, 487...). */
  finalStatus: number | null;
  end: CallEnd | null;
  /** Re-INVITEs the UA sent in the call (hold/unhold), with their SDP offers. */
  reinvites: string[];
}

export interface ExotelNetwork {
  /** Resolves once a REGISTER (for `user`, if given) was answered 200; at once if such a binding exists. */
  registered(user?: string): Promise<SipBinding>;
  /** Sends an INVITE to the registered UA; resolves when it answered 180, rejects on a final non-2xx first. */
  ring(call: { callSid: string; from: string; user?: string }): Promise<FakeCall>;
  /** The latest call: resolves when the UA answered 200 (and the edge ACKed). */
  answered(): Promise<FakeCall>;
  /** The latest call: resolves when it ended, however it ended. */
  ended(): Promise<CallEnd>;
  /** The far end hangs up the latest call: BYE once answered, CANCEL while ringing; resolves on the UA's 200. */
  remoteHangup(): Promise<void>;
  /** Every SIP message both ways, in order. */
  readonly sip: readonly SipLogEntry[];
  /** DTMF digits received in INFO requests, in order. */
  readonly digits: readonly string[];
  readonly calls: readonly FakeCall[];
  readonly bindings: readonly SipBinding[];
  /** SIP users whose REGISTER failed digest authentication (answered 403). */
  readonly authFailures: readonly string[];
  readonly icoreRequests: readonly IcoreRequest[];
  /** Changes what outbound_call answers from now on. */
  setOutboundCall(answer: { status: number; body?: unknown }): void;
  /** Puts the real WebSocket and fetch back, closes the sockets and the page's peer connections. */
  uninstall(): void;
}

interface SipMessage {
  startLine: string;
  method: string;
  status: number | null;
  requestUri: string;
  headers: Array<[string, string]>;
  body: string;
}

const COMPACT: Record<string, string> = {
  v: 'via',
  f: 'from',
  t: 'to',
  i: 'call-id',
  m: 'contact',
  l: 'content-length',
  c: 'content-type',
};

const parseSip = (text: string): SipMessage => {
  const split = text.indexOf('\r\n\r\n');
  const head = split >= 0 ? text.slice(0, split) : text;
  const body = split >= 0 ? text.slice(split + 4) : '';
  const [startLine = '', ...lines] = head.split('\r\n');
  const headers: Array<[string, string]> = [];
  for (const line of lines) {
    if (/^[ \t]/.test(line) && headers.length > 0) {
      const last = headers[headers.length - 1] as [string, string];
      last[1] += ` ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    headers.push([COMPACT[name] ?? name, line.slice(colon + 1).trim()]);
  }
  const response = /^SIP\/2\.0 (\d{3})/.exec(startLine);
  const cseq = headers.find(([name]) => name === 'cseq')?.[1] ?? '';
  return {
    startLine,
    status: response ? Number(response[1]) : null,
    method: response ? (cseq.split(/\s+/)[1] ?? '') : (startLine.split(' ')[0] ?? ''),
    requestUri: response ? '' : (startLine.split(' ')[1] ?? ''),
    headers,
    body,
  };
};

const header = (message: SipMessage, name: string): string =>
  message.headers.find(([key]) => key === name)?.[1] ?? '';

const byteLength = (text: string): number => new TextEncoder().encode(text).length;

const serialize = (startLine: string, headers: Array<[string, string]>, body = ''): string =>
  `${startLine}\r\n${headers.map(([name, value]) => `${name}: ${value}`).join('\r\n')}\r\nContent-Length: ${byteLength(body)}\r\n\r\n${body}`;

const token = (): string => crypto.randomUUID().replaceAll('-', '').slice(0, 16);
const branch = (): string => `z9hG4bK${token()}`;
/** The URI inside a name-addr (`"x" <sip:a@b>;tag=1` -> `sip:a@b`) or a bare addr-spec. */
const uriOf = (value: string): string => /<([^>]+)>/.exec(value)?.[1] ?? value.split(';')[0]?.trim() ?? '';
const tagOf = (value: string): string | null => /;\s*tag=([^;\s]+)/i.exec(value)?.[1] ?? null;
const userOf = (uri: string): string => /^sips?:([^@;>]+)@/.exec(uri)?.[1] ?? '';

const hex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
const fromHex = (text: string): Uint8Array<ArrayBuffer> =>
  new Uint8Array((text.match(/../g) ?? []).map((pair) => Number.parseInt(pair, 16)));

/** MD5 (RFC 1321), for SIP digest authentication (RFC 2617), which Web Crypto does not offer. */
const MD5_SHIFTS = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21];
const MD5_TABLE = Array.from({ length: 64 }, (_, i) => Math.floor(Math.abs(Math.sin(i + 1)) * 2 ** 32) >>> 0);
export const md5 = (text: string): string => {
  const data = new TextEncoder().encode(text);
  const length = (((data.length + 8) >> 6) + 1) * 64;
  const bytes = new Uint8Array(length);
  bytes.set(data);
  bytes[data.length] = 0x80;
  const view = new DataView(bytes.buffer);
  view.setUint32(length - 8, (data.length * 8) >>> 0, true);
  view.setUint32(length - 4, Math.floor(data.length / 0x20000000), true);
  let [a0, b0, c0, d0] = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476];
  for (let chunk = 0; chunk < length; chunk += 64) {
    let [a, b, c, d] = [a0, b0, c0, d0];
    for (let i = 0; i < 64; i += 1) {
      const round = i >> 4;
      let f: number;
      let g: number;
      if (round === 0) [f, g] = [(b & c) | (~b & d), i];
      else if (round === 1) [f, g] = [(d & b) | (~d & c), (5 * i + 1) % 16];
      else if (round === 2) [f, g] = [b ^ c ^ d, (3 * i + 5) % 16];
      else [f, g] = [c ^ (b | ~d), (7 * i) % 16];
      const sum = (a + f + (MD5_TABLE[i] as number) + view.getUint32(chunk + g * 4, true)) >>> 0;
      const shift = MD5_SHIFTS[round * 4 + (i % 4)] as number;
      [a, d, c] = [d, c, b];
      b = (b + ((sum << shift) | (sum >>> (32 - shift)))) >>> 0;
    }
    [a0, b0, c0, d0] = [(a0 + a) >>> 0, (b0 + b) >>> 0, (c0 + c) >>> 0, (d0 + d) >>> 0];
  }
  const out = new DataView(new ArrayBuffer(16));
  for (const [i, word] of [a0, b0, c0, d0].entries()) out.setUint32(i * 4, word, true);
  return hex(new Uint8Array(out.buffer));
};

/**
 * AES-256-CFB (128-bit segments, no padding), as crypto-js decrypts the usermapping's SipSecret:
 * hex(iv) + hex(ciphertext). Web Crypto has no CFB, so each keystream block is AES of the previous
 * ciphertext block, taken as the first block of an AES-CBC encryption under a zero IV.
 */
export const encryptSipSecret = async (secret: string, keyHex = SIP_SECRET_KEY_HEX): Promise<string> => {
  const key = await crypto.subtle.importKey('raw', fromHex(keyHex), 'AES-CBC', false, ['encrypt']);
  const iv = crypto.getRandomValues(new Uint8Array(16));
  const plain = new TextEncoder().encode(secret);
  const out = new Uint8Array(plain.length);
  let previous: Uint8Array<ArrayBuffer> = iv;
  for (let offset = 0; offset < plain.length; offset += 16) {
    const encrypted = await crypto.subtle.encrypt({ name: 'AES-CBC', iv: new Uint8Array(16) }, key, previous);
    const stream = new Uint8Array(encrypted, 0, 16);
    const block = new Uint8Array(16);
    for (let i = 0; i < 16 && offset + i < plain.length; i += 1) {
      block[i] = (plain[offset + i] as number) ^ (stream[i] as number);
      out[offset + i] = block[i] as number;
    }
    previous = block;
  }
  return hex(iv) + hex(out);
};

const waitIce = (pc: RTCPeerConnection): Promise<void> =>
  pc.iceGatheringState === 'complete'
    ? Promise.resolve()
    : new Promise((resolve) => {
        const done = (): void => {
          if (pc.iceGatheringState !== 'complete') return;
          pc.removeEventListener('icegatheringstatechange', done);
          resolve();
        };
        pc.addEventListener('icegatheringstatechange', done);
      });

/** A promise with its resolvers, to settle from a SIP event. */
const deferred = <T>() => {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => undefined);
  return { promise, resolve, reject };
};

interface CallLeg {
  call: FakeCall;
  socket: FakeSipSocket;
  pc: RTCPeerConnection;
  requestUri: string;
  inviteBranch: string;
  from: string;
  to: string;
  /** The UA's Contact once it answered: where in-dialog requests go. */
  remoteTarget: string;
  cseq: number;
  ringing: ReturnType<typeof deferred<FakeCall>>;
  answered: ReturnType<typeof deferred<FakeCall>>;
  ended: ReturnType<typeof deferred<CallEnd>>;
  /** The UA's 200 to our BYE or CANCEL. */
  hungUp: ReturnType<typeof deferred<void>> | null;
}

const EDGE_HOST = 'edge.exotel.invalid';

interface SipEdge {
  receive(socket: FakeSipSocket, text: string): void;
  closed(socket: FakeSipSocket): void;
}

/** The edge's side of one WebSocket: what the SDK's `new WebSocket(url, 'sip')` gets. */
class FakeSipSocket extends EventTarget {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSING = 2;
  static readonly CLOSED = 3;
  readonly CONNECTING = 0;
  readonly OPEN = 1;
  readonly CLOSING = 2;
  readonly CLOSED = 3;
  readyState = 0;
  binaryType: BinaryType = 'blob';
  bufferedAmount = 0;
  extensions = '';
  protocol = '';
  onopen: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;

  readonly url: string;
  private readonly edge: SipEdge;

  constructor(url: string, protocols: string[], edge: SipEdge) {
    super();
    this.url = url;
    this.edge = edge;
    setTimeout(() => {
      if (this.readyState !== 0) return;
      if (!protocols.includes('sip')) {
        // RFC 7118: the server refuses a handshake without the `sip` subprotocol.
        this.finish(1002, 'sip subprotocol required');
        return;
      }
      this.protocol = 'sip';
      this.readyState = 1;
      this.fire(new Event('open'));
    });
  }

  send(data: string | ArrayBufferLike | Blob | ArrayBufferView): void {
    if (this.readyState === 0) throw new DOMException('Still in CONNECTING state.', 'InvalidStateError');
    if (this.readyState !== 1) return;
    const text = typeof data === 'string' ? data : new TextDecoder().decode(data as ArrayBuffer);
    queueMicrotask(() => this.edge.receive(this, text));
  }

  close(code = 1000, reason = ''): void {
    if (this.readyState >= 2) return;
    this.readyState = 2;
    setTimeout(() => this.finish(code, reason));
  }

  /** The edge sends a SIP message to the UA. */
  deliver(text: string): void {
    if (this.readyState !== 1) return;
    setTimeout(() => this.fire(new MessageEvent('message', { data: text })));
  }

  private finish(code: number, reason: string): void {
    this.readyState = 3;
    this.edge.closed(this);
    this.fire(new CloseEvent('close', { code, reason, wasClean: code === 1000 }));
  }

  private fire(event: Event): void {
    this.dispatchEvent(event);
    const handler = (this as unknown as Record<string, unknown>)[`on${event.type}`];
    if (typeof handler === 'function') handler.call(this, event);
  }
}

const isExotelWss = (url: string | URL): boolean => {
  try {
    const parsed = new URL(String(url));
    return (
      parsed.protocol === 'wss:' &&
      (parsed.hostname === 'exotel.com' || parsed.hostname.endsWith('.exotel.com'))
    );
  } catch {
    return false;
  }
};

/** Replaces what lies below Exotel's SDKs in this page; see ExotelNetwork. */
export const installExotelNetwork = (options: ExotelNetworkOptions = {}): ExotelNetwork => {
  const settings = {
    accountSid: options.accountSid ?? 'ribbontest1',
    accessToken: options.accessToken ?? 'icore-test-token',
    agentUserId: options.agentUserId ?? 'crm-agent-7',
    sipUser: options.sipUser ?? 'agent7ribbontest1',
    sipSecret: options.sipSecret ?? 'sip-secret-7',
    exotelUserName: options.exotelUserName ?? 'Agent Seven',
    appId: options.appId ?? 'app-ribbon-1',
    customerId: options.customerId ?? 'customer-ribbon-1',
  };
  let outboundCall = options.outboundCall ?? {
    status: 200,
    body: { Code: 200, Status: 'success', Data: { CallSid: 'outbound-call-sid-1' } },
  };

  const authenticate = options.authenticate ?? true;
  const passwords: Record<string, string> = {
    [settings.sipUser]: settings.sipSecret,
    ...options.sipPasswords,
  };
  const nonces = new Set<string>();
  const authFailures: string[] = [];
  const sip: SipLogEntry[] = [];
  const digits: string[] = [];
  const calls: FakeCall[] = [];
  const bindings: Array<SipBinding & { socket: FakeSipSocket }> = [];
  const icoreRequests: IcoreRequest[] = [];
  const sockets = new Set<FakeSipSocket>();
  const legs = new Map<string, CallLeg>();
  const registrationWaiters: Array<{ user: string | undefined; resolve: (binding: SipBinding) => void }> = [];
  let latest: CallLeg | null = null;

  const publicBinding = ({ user, contact, expires }: SipBinding): SipBinding => ({ user, contact, expires });

  const log = (direction: SipLogEntry['direction'], message: SipMessage): void => {
    sip.push({
      direction,
      method: message.method,
      status: message.status,
      startLine: message.startLine,
      callId: header(message, 'call-id'),
      body: message.body,
    });
  };

  const send = (socket: FakeSipSocket, text: string): void => {
    log('to-ua', parseSip(text));
    socket.deliver(text);
  };

  /** A response to a request from the UA, RFC 3261 8.2.6. */
  const respond = (
    socket: FakeSipSocket,
    request: SipMessage,
    status: number,
    reason: string,
    extra: Array<[string, string]> = [],
    body = '',
  ): void => {
    const headers: Array<[string, string]> = [];
    for (const [name, value] of request.headers) {
      if (name === 'via') headers.push(['Via', value]);
    }
    const to = header(request, 'to');
    headers.push(
      ['From', header(request, 'from')],
      ['To', status > 100 && !tagOf(to) ? `${to};tag=${token()}` : to],
      ['Call-ID', header(request, 'call-id')],
      ['CSeq', header(request, 'cseq')],
      ['Server', 'Exotel-Edge-Fake'],
      ...extra,
    );
    if (body) headers.push(['Content-Type', 'application/sdp']);
    send(socket, serialize(`SIP/2.0 ${status} ${reason}`, headers, body));
  };

  /** A request the edge sends in a call (ACK, BYE, CANCEL). */
  const request = (
    leg: CallLeg,
    method: string,
    options: { uri: string; to: string; cseq: number; branchId?: string },
  ): void => {
    const headers: Array<[string, string]> = [
      ['Via', `SIP/2.0/WSS ${EDGE_HOST};branch=${options.branchId ?? branch()}`],
      ['Max-Forwards', '70'],
      ['From', leg.from],
      ['To', options.to],
      ['Call-ID', leg.call.callId],
      ['CSeq', `${options.cseq} ${method}`],
    ];
    send(leg.socket, serialize(`${method} ${options.uri} SIP/2.0`, headers));
  };

  const endCall = (leg: CallLeg, end: CallEnd): void => {
    if (leg.call.state === 'ended') return;
    leg.call.state = 'ended';
    leg.call.end = end;
    leg.pc.close();
    leg.ended.resolve(end);
  };

  /** RFC 2617 digest check of a REGISTER; challenges (401) or refuses (403) and returns false when it fails. */
  const authenticated = (socket: FakeSipSocket, message: SipMessage): boolean => {
    if (!authenticate) return true;
    const realm = /^sips?:([^;>\s]+)/.exec(message.requestUri)?.[1] ?? EDGE_HOST;
    const params = Object.fromEntries(
      Array.from(header(message, 'authorization').matchAll(/(\w+)=(?:"([^"]*)"|([^,\s]+))/g), (m) => [
        (m[1] ?? '').toLowerCase(),
        m[2] ?? m[3] ?? '',
      ]),
    );
    if (!params.nonce || !nonces.has(params.nonce)) {
      const nonce = token() + token();
      nonces.add(nonce);
      respond(socket, message, 401, 'Unauthorized', [
        ['WWW-Authenticate', `Digest realm="${realm}", nonce="${nonce}", algorithm=MD5, qop="auth"`],
      ]);
      return false;
    }
    const user = params.username ?? '';
    const password = passwords[user];
    const ha1 = md5(`${user}:${params.realm}:${password}`);
    const ha2 = md5(`${message.method}:${params.uri}`);
    const expected =
      params.qop === 'auth'
        ? md5(`${ha1}:${params.nonce}:${params.nc}:${params.cnonce}:auth:${ha2}`)
        : md5(`${ha1}:${params.nonce}:${ha2}`);
    if (password === undefined || params.response !== expected) {
      authFailures.push(user);
      respond(socket, message, 403, 'Forbidden');
      return false;
    }
    return true;
  };

  const onRegister = (socket: FakeSipSocket, message: SipMessage): void => {
    if (!authenticated(socket, message)) return;
    const contactHeader = header(message, 'contact');
    const contact = uriOf(contactHeader);
    const expiresParam = /;\s*expires=(\d+)/i.exec(contactHeader)?.[1];
    const expires = Number(expiresParam ?? (header(message, 'expires') || 3600));
    const user = userOf(uriOf(header(message, 'to')));
    const existing = bindings.findIndex((binding) => binding.contact === contact);
    if (existing >= 0) bindings.splice(existing, 1);
    if (expires === 0) {
      respond(socket, message, 200, 'OK');
      return;
    }
    const binding = { user, contact, expires, socket };
    bindings.push(binding);
    respond(socket, message, 200, 'OK', [
      ['Contact', `<${contact}>;expires=${expires}`],
      ['Expires', String(expires)],
    ]);
    for (const waiter of [...registrationWaiters]) {
      if (waiter.user !== undefined && waiter.user !== user) continue;
      registrationWaiters.splice(registrationWaiters.indexOf(waiter), 1);
      waiter.resolve(publicBinding(binding));
    }
  };

  const onResponse = (message: SipMessage): void => {
    const leg = legs.get(header(message, 'call-id'));
    const status = message.status ?? 0;
    if (!leg) return;
    if (message.method === 'INVITE') {
      const to = header(message, 'to');
      if (status === 180 && leg.call.state === 'inviting') {
        leg.call.state = 'ringing';
        leg.ringing.resolve(leg.call);
      } else if (status >= 200 && status < 300) {
        if (leg.call.finalStatus !== null) {
          // A retransmitted 200: ACK it again.
          request(leg, 'ACK', { uri: leg.remoteTarget, to, cseq: 1 });
          return;
        }
        leg.call.finalStatus = status;
        leg.remoteTarget = uriOf(header(message, 'contact')) || leg.requestUri;
        leg.to = to;
        request(leg, 'ACK', { uri: leg.remoteTarget, to, cseq: 1 });
        leg.call.state = 'answered';
        void leg.pc
          .setRemoteDescription({ type: 'answer', sdp: message.body })
          .catch((error: Error) => console.warn('[exotel-network] answer SDP refused', error));
        leg.answered.resolve(leg.call);
      } else if (status >= 300) {
        // RFC 3261 17.1.1.3: the ACK for a non-2xx final response is part of the INVITE transaction.
        request(leg, 'ACK', { uri: leg.requestUri, to, cseq: 1, branchId: leg.inviteBranch });
        leg.call.finalStatus = status;
        const error = new Error(`UA answered the INVITE ${status}`);
        leg.ringing.reject(error);
        leg.answered.reject(error);
        endCall(leg, status === 487 ? { reason: 'remote-cancel', status } : { reason: 'rejected', status });
      }
    } else if ((message.method === 'BYE' || message.method === 'CANCEL') && status >= 200) {
      if (message.method === 'BYE') endCall(leg, { reason: 'remote-bye', status: null });
      leg.hungUp?.resolve();
    }
  };

  const onRequest = (socket: FakeSipSocket, message: SipMessage): void => {
    const leg = legs.get(header(message, 'call-id'));
    switch (message.method) {
      case 'REGISTER':
        onRegister(socket, message);
        return;
      case 'ACK':
        return;
      case 'BYE':
        respond(socket, message, 200, 'OK');
        if (leg) endCall(leg, { reason: 'ua-bye', status: null });
        return;
      case 'INFO': {
        const signal = /Signal\s*=\s*([0-9A-D#*])/i.exec(message.body)?.[1];
        if (signal) digits.push(signal);
        respond(socket, message, 200, 'OK');
        return;
      }
      case 'INVITE': {
        if (leg?.call.state !== 'answered') {
          respond(socket, message, 481, 'Call/Transaction Does Not Exist');
          return;
        }
        // A re-INVITE (hold, unhold): the far end answers the new offer from its peer connection.
        leg.call.reinvites.push(message.body);
        const pc = leg.pc;
        void pc
          .setRemoteDescription({ type: 'offer', sdp: message.body })
          .then(() => pc.setLocalDescription())
          .then(() => {
            respond(
              socket,
              message,
              200,
              'OK',
              [['Contact', `<sip:edge@${EDGE_HOST};transport=ws>`]],
              pc.localDescription?.sdp ?? '',
            );
          })
          .catch((error: Error) => {
            console.warn('[exotel-network] re-INVITE offer refused', error);
            respond(socket, message, 488, 'Not Acceptable Here');
          });
        return;
      }
      case 'OPTIONS':
        respond(socket, message, 200, 'OK');
        return;
      default:
        respond(socket, message, 501, 'Not Implemented');
    }
  };

  const edge = {
    receive(socket: FakeSipSocket, text: string): void {
      if (!text.trim()) return; // a keep-alive (RFC 5626 CRLF)
      const message = parseSip(text);
      log('from-ua', message);
      if (message.status !== null) onResponse(message);
      else onRequest(socket, message);
    },
    closed(socket: FakeSipSocket): void {
      sockets.delete(socket);
      for (let i = bindings.length - 1; i >= 0; i -= 1) {
        if (bindings[i]?.socket === socket) bindings.splice(i, 1);
      }
    },
  };

  const RealWebSocket = window.WebSocket;
  const realFetch = window.fetch;

  // A construct trap (an arrow function could not be `new`ed): the real class's statics and
  // prototype stay, and only `wss://*.exotel.com` gets the edge's socket.
  const SipAwareWebSocket = new Proxy(RealWebSocket, {
    construct(target, [url, protocols]: [string | URL, (string | string[])?]) {
      if (!isExotelWss(url)) return new target(url, protocols);
      const socket = new FakeSipSocket(
        String(url),
        protocols === undefined ? [] : Array.isArray(protocols) ? protocols : [protocols],
        edge,
      );
      sockets.add(socket);
      return socket as unknown as WebSocket;
    },
  });
  window.WebSocket = SipAwareWebSocket;

  const sealedSecret = encryptSipSecret(settings.sipSecret);
  const json = (status: number, body: unknown): Response =>
    new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

  const icore = async (
    url: URL,
    init: RequestInit | undefined,
    input: RequestInfo | URL,
  ): Promise<Response> => {
    const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
    const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
    const rawBody =
      typeof init?.body === 'string' ? init.body : input instanceof Request ? await input.text() : '';
    let body: unknown = null;
    try {
      body = rawBody ? JSON.parse(rawBody) : null;
    } catch {
      body = rawBody;
    }
    const path = `${url.pathname}${url.search}`;
    icoreRequests.push({ method, path, authorization: headers.get('authorization'), body });
    if (headers.get('authorization') !== settings.accessToken) {
      return json(401, { Code: 401, Status: 'failure', Error: { Message: 'invalid access token' } });
    }
    if (method === 'GET' && url.pathname === '/v2/integrations/app') {
      return json(200, {
        Code: 200,
        Status: 'success',
        Data: {
          AppID: settings.appId,
          ExotelAccountSid: settings.accountSid,
          CustomerId: settings.customerId,
        },
      });
    }
    if (method === 'GET' && url.pathname === '/v2/integrations/app_setting') {
      return json(200, { Code: 200, Status: 'success', Data: { AppID: settings.appId, Settings: {} } });
    }
    if (method === 'GET' && url.pathname === '/v2/integrations/usermapping') {
      if (url.searchParams.get('user_id') !== settings.agentUserId) {
        return json(404, { Code: 404, Status: 'failure', Error: { Message: 'user mapping not found' } });
      }
      return json(200, {
        Code: 200,
        Status: 'success',
        Data: {
          AppID: settings.appId,
          AppUserId: settings.agentUserId,
          SipSecret: await sealedSecret,
          SipId: `sip:${settings.sipUser}`,
          ExotelUserName: settings.exotelUserName,
          customer_id: settings.customerId,
        },
      });
    }
    if (method === 'POST' && url.pathname === '/v2/integrations/call/outbound_call') {
      return json(outboundCall.status, outboundCall.body ?? {});
    }
    return json(404, {
      Code: 404,
      Status: 'failure',
      Error: { Message: `no route ${method} ${url.pathname}` },
    });
  };

  window.fetch = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : String(input), location.href);
    if (url.origin !== ICORE_ORIGIN) return realFetch.call(window, input, init);
    return icore(url, init, input);
  };

  const registered = (user?: string): Promise<SipBinding> => {
    const binding = bindings.findLast((candidate) => user === undefined || candidate.user === user);
    if (binding) return Promise.resolve(publicBinding(binding));
    return new Promise((resolve) => registrationWaiters.push({ user, resolve }));
  };

  const ring = async ({
    callSid,
    from,
    user,
  }: {
    callSid: string;
    from: string;
    user?: string;
  }): Promise<FakeCall> => {
    const binding = user
      ? (bindings.findLast((candidate) => candidate.user === user) ?? null)
      : (bindings[bindings.length - 1] ?? null);
    if (!binding) throw new Error(`no registered UA${user ? ` for ${user}` : ''}`);
    const pc = new RTCPeerConnection();
    pc.addTransceiver('audio', { direction: 'sendrecv' });
    await pc.setLocalDescription(await pc.createOffer());
    await waitIce(pc);
    const sdp = pc.localDescription?.sdp ?? '';
    const domain = `${settings.accountSid}.voip.exotel.com`;
    const call: FakeCall = {
      callSid,
      from,
      callId: `${token()}@${EDGE_HOST}`,
      state: 'inviting',
      finalStatus: null,
      end: null,
      reinvites: [],
    };
    const leg: CallLeg = {
      call,
      socket: binding.socket,
      pc,
      requestUri: binding.contact,
      inviteBranch: branch(),
      from: `"${from}" <sip:${from}@${domain}>;tag=${token()}`,
      to: `<sip:${binding.user}@${domain}>`,
      remoteTarget: binding.contact,
      cseq: 1,
      ringing: deferred<FakeCall>(),
      answered: deferred<FakeCall>(),
      ended: deferred<CallEnd>(),
      hungUp: null,
    };
    calls.push(call);
    legs.set(call.callId, leg);
    latest = leg;
    const headers: Array<[string, string]> = [
      ['Via', `SIP/2.0/WSS ${EDGE_HOST};branch=${leg.inviteBranch}`],
      ['Max-Forwards', '70'],
      ['From', leg.from],
      ['To', leg.to],
      ['Call-ID', call.callId],
      ['CSeq', '1 INVITE'],
      ['Contact', `<sip:edge@${EDGE_HOST};transport=ws>`],
      ['Allow', 'INVITE, ACK, CANCEL, BYE, INFO, OPTIONS'],
      ['X-Exotel-CallSid', callSid],
      ['Content-Type', 'application/sdp'],
    ];
    send(binding.socket, serialize(`INVITE ${binding.contact} SIP/2.0`, headers, sdp));
    return leg.ringing.promise;
  };

  const current = (): CallLeg => {
    if (!latest) throw new Error('no call was rung');
    return latest;
  };

  const remoteHangup = (): Promise<void> => {
    const leg = current();
    leg.hungUp = deferred<void>();
    if (leg.call.state === 'answered') {
      leg.cseq += 1;
      request(leg, 'BYE', { uri: leg.remoteTarget, to: leg.to, cseq: leg.cseq });
    } else if (leg.call.state === 'ringing' || leg.call.state === 'inviting') {
      // RFC 3261 9.1: CANCEL has the INVITE's Request-URI, branch, Call-ID, From, To and CSeq number.
      request(leg, 'CANCEL', { uri: leg.requestUri, to: leg.to, cseq: 1, branchId: leg.inviteBranch });
    } else {
      return Promise.reject(new Error(`the call is ${leg.call.state}`));
    }
    return leg.hungUp.promise;
  };

  return {
    registered,
    ring,
    answered: () => current().answered.promise,
    ended: () => current().ended.promise,
    remoteHangup,
    sip,
    digits,
    calls,
    get bindings() {
      return bindings.map(publicBinding);
    },
    authFailures,
    icoreRequests,
    setOutboundCall(answer) {
      outboundCall = answer;
    },
    uninstall() {
      window.WebSocket = RealWebSocket;
      window.fetch = realFetch;
      for (const leg of legs.values()) leg.pc.close();
      for (const socket of sockets) socket.close(1001, 'network uninstalled');
    },
  };
};
