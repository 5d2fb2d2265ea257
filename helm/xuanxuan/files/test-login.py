# helm test: log in through the gateway's WebSocket as a client does (PROTOCOL.md: one JSON value per text
# frame; login params [account, md5(password), status]) and exit 0 only on a `success` answer.
# Python's standard library only (no pip in the test pod): a minimal RFC 6455 client.
import base64, hashlib, json, os, socket, struct, sys
from urllib.parse import urlparse

url = urlparse(os.environ["XX_GATEWAY_URL"])
account = os.environ["XX_TEST_ACCOUNT"]
password = os.environ["XX_TEST_PASSWORD"]

sock = socket.create_connection((url.hostname, url.port or 80), timeout=30)
key = base64.b64encode(os.urandom(16)).decode()
sock.sendall((f"GET {url.path} HTTP/1.1\r\nHost: {url.hostname}:{url.port}\r\nUpgrade: websocket\r\n"
              f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
stream = sock.makefile("rb")
status = stream.readline().decode()
if " 101 " not in status:
    sys.exit(f"FAIL: the gateway refused the WebSocket upgrade: {status.strip()}")
while stream.readline() not in (b"\r\n", b""):
    pass


def send_text(text):
    payload = text.encode()
    mask = os.urandom(4)
    header = bytes([0x81])
    if len(payload) < 126:
        header += bytes([0x80 | len(payload)])
    else:
        header += bytes([0x80 | 126]) + struct.pack(">H", len(payload))
    sock.sendall(header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))


def read_frame():
    first, second = stream.read(2)
    length = second & 0x7F
    if length == 126:
        length = struct.unpack(">H", stream.read(2))[0]
    elif length == 127:
        length = struct.unpack(">Q", stream.read(8))[0]
    return first & 0x0F, first & 0x80, stream.read(length)


def read_message():
    text = b""
    while True:
        opcode, fin, data = read_frame()
        if opcode == 0x8:
            sys.exit("FAIL: the gateway closed the connection")
        if opcode in (0x9, 0xA):  # ping / pong: not a message
            continue
        text += data
        if fin:
            return json.loads(text)


md5 = hashlib.md5(password.encode()).hexdigest()
send_text(json.dumps({"module": "chat", "method": "login", "params": [account, md5, "online"]}))
for _ in range(50):
    message = read_message()
    # pushes are arrays; the answer to the request is one object
    if isinstance(message, dict) and str(message.get("method", "")).lower() == "login":
        if message.get("result") == "success" and message.get("sid"):
            print(f"OK: {account} logged in through {os.environ['XX_GATEWAY_URL']}")
            sys.exit(0)
        sys.exit(f"FAIL: login answered {message.get('result')}: {message.get('message')}")
sys.exit("FAIL: no answer to login")
