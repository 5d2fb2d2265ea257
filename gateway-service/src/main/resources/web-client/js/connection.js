// One WebSocket to the gateway (/ws of this origin), speaking the xuanxuan protocol (PROTOCOL.md):
// requests are objects, a response is an object echoing module/method, a push is an array of packets
// (the duplicate-login notice is a single object). Responses carry no request id, so the requests of one
// module/method are answered in the order they were sent: each waits in a queue of its own.

const REQUEST_TIMEOUT_MS = 20000;

export class ProtocolError extends Error {
  constructor(message, response) {
    super(message);
    this.response = response;
  }
}

export class Connection {
  /** onPush(packet) for every pushed packet; onClose(event) once when the socket closes. */
  constructor({ onPush, onClose }) {
    this.onPush = onPush;
    this.onClose = onClose;
    this.sid = null;
    this.waiting = new Map();
    this.socket = null;
  }

  /** Opens the socket; resolves when it is open, rejects if it cannot be opened. */
  open() {
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(`${scheme}//${location.host}/ws`);
      this.socket = socket;
      let opened = false;
      socket.onopen = () => { opened = true; resolve(); };
      socket.onmessage = (event) => this.receive(event.data);
      socket.onclose = (event) => {
        this.failAll(new ProtocolError('connection closed'));
        if (!opened) reject(new ProtocolError('cannot connect'));
        else this.onClose(event);
      };
    });
  }

  close() {
    if (this.socket) {
      this.socket.onclose = null;
      this.failAll(new ProtocolError('connection closed'));
      this.socket.close();
    }
  }

  get isOpen() {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  /** Sends a request; resolves with the response if its result is success, else rejects with its message. */
  request(method, params = {}, module = 'chat') {
    if (!this.isOpen) return Promise.reject(new ProtocolError('not connected'));
    const key = `${module}/${method}`.toLowerCase();
    return new Promise((resolve, reject) => {
      const entry = { resolve, reject };
      entry.timer = setTimeout(() => {
        this.remove(key, entry);
        reject(new ProtocolError('no answer from the server'));
      }, REQUEST_TIMEOUT_MS);
      if (!this.waiting.has(key)) this.waiting.set(key, []);
      this.waiting.get(key).push(entry);
      const envelope = { module, method, params };
      if (this.sid) envelope.sid = this.sid;
      this.socket.send(JSON.stringify(envelope));
    });
  }

  receive(text) {
    let value;
    try {
      value = JSON.parse(text);
    } catch {
      return; // not JSON: nothing a client can act on
    }
    if (Array.isArray(value)) {
      value.forEach((packet) => this.onPush(packet));
      return;
    }
    if (value && String(value.method).toLowerCase() === 'kickoff') {
      this.onPush(value);
      return;
    }
    const key = `${value.module}/${value.method}`.toLowerCase();
    const queue = this.waiting.get(key);
    const entry = queue?.shift();
    if (!entry) return;
    clearTimeout(entry.timer);
    if (value.result === 'success') entry.resolve(value);
    else entry.reject(new ProtocolError(value.message || (typeof value.data === 'string' ? value.data : value.result), value));
  }

  remove(key, entry) {
    const queue = this.waiting.get(key);
    const at = queue ? queue.indexOf(entry) : -1;
    if (at >= 0) queue.splice(at, 1);
  }

  failAll(error) {
    for (const queue of this.waiting.values()) {
      for (const entry of queue) {
        clearTimeout(entry.timer);
        entry.reject(error);
      }
    }
    this.waiting.clear();
  }
}
