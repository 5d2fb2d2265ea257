// The browser client: sign-in, chats, conversations, users, files. Everything another user wrote is put into
// the page as text (textContent, text nodes), never parsed as HTML.
import { Connection } from './connection.js';
import { md5 } from './md5.js';
import { t, lang, translatePage } from './i18n.js';
import { renderMessages, describeSize, describeExactSize, emoticonText } from './render.js';

/** The server's default upload limit (xuanxuan.files.max-file-size): refused here before any byte is sent. */
export const MAX_FILE_BYTES = 32 * 1024 * 1024;
const PAGE_SIZE = 20;
const ACCOUNT_KEY = 'xuanxuan.account';
const MAX_BACKOFF_SECONDS = 30;

const $ = (id) => document.getElementById(id);

const state = {
  conn: null,
  account: null,
  passwordMd5: null, // in memory only, to sign in again after a dropped connection; never stored
  me: null,
  users: new Map(),
  chats: new Map(),
  messages: new Map(), // chat gid -> Map(message gid -> message)
  unread: new Map(),
  history: new Map(), // chat gid -> {page, done, loading}
  current: null,
  settings: {},
  tab: 'chats',
  reconnect: { attempt: 0, timer: null, countdown: null },
  signedOut: true,
};

// ---------- ids, names ----------

/** A UUID from crypto.getRandomValues (crypto.randomUUID needs https, this page may be served over http). */
function uuid() {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** The one-to-one gid as the real clients build it: the two ids sorted as strings (PROTOCOL.md, Chat). */
function oneToOneGid(a, b) {
  return [String(a), String(b)].sort().join('&');
}

function userName(id) {
  const user = state.users.get(Number(id));
  return user ? (user.realname || user.account) : `#${id}`;
}

export function chatName(chat) {
  if (chat.type === 'one2one') {
    const other = (chat.members || []).map(Number).find((id) => id !== state.me.id);
    return userName(other ?? state.me.id);
  }
  if (chat.type === 'system') return chat.name || t('systemChat');
  return chat.name || (chat.members || []).map(userName).join(', ');
}

function isMember(chat) {
  return chat.type === 'system' || (chat.members || []).map(Number).includes(state.me.id);
}

// ---------- notices ----------

let noticeTimer = null;
function notice(text, { sticky = false } = {}) {
  const el = $('notice');
  clearTimeout(noticeTimer);
  if (!text) { el.hidden = true; return; }
  el.textContent = text;
  el.hidden = false;
  if (!sticky) noticeTimer = setTimeout(() => { el.hidden = true; }, 4000);
}

function showError(id, text) {
  $(id).textContent = text || '';
}

// ---------- sign-in and the connection ----------

async function connectAndLogin() {
  const conn = new Connection({ onPush: handlePush, onClose: connectionLost });
  state.conn = conn;
  await conn.open();
  const response = await conn.request('login', [state.account, state.passwordMd5, 'online']);
  conn.sid = response.sid;
  state.me = { ...response.data, id: Number(response.data.id) };
  state.users.set(state.me.id, state.me);
  loadSettings();
  return response;
}

async function signIn(event) {
  event.preventDefault();
  const account = $('account').value.trim();
  const password = $('password').value;
  if (!account || !password) return;
  showError('login-error', '');
  $('login-button').disabled = true;
  $('login-button').textContent = t('signingIn');
  state.account = account;
  state.passwordMd5 = md5(password);
  try {
    await connectAndLogin();
    localStorage.setItem(ACCOUNT_KEY, account);
    $('password').value = '';
    state.signedOut = false;
    showApp();
  } catch (e) {
    state.conn?.close();
    state.passwordMd5 = null;
    showError('login-error', e.message === 'cannot connect' ? t('cannotConnect') : t('loginFailed', e.message));
  } finally {
    $('login-button').disabled = false;
    $('login-button').textContent = t('signIn');
  }
}

function connectionLost() {
  if (state.signedOut) return;
  markSendingAsFailed();
  scheduleReconnect();
}

/** Back-off 1, 2, 4 … 30 s with a little jitter, counted down in the notice bar. */
function scheduleReconnect() {
  const r = state.reconnect;
  const seconds = Math.min(MAX_BACKOFF_SECONDS, 2 ** r.attempt) + Math.random() * 0.5;
  r.attempt += 1;
  let left = Math.ceil(seconds);
  notice(t('reconnecting', left), { sticky: true });
  clearInterval(r.countdown);
  r.countdown = setInterval(() => {
    left -= 1;
    if (left > 0) notice(t('reconnecting', left), { sticky: true });
  }, 1000);
  clearTimeout(r.timer);
  r.timer = setTimeout(reconnect, seconds * 1000);
}

async function reconnect() {
  clearInterval(state.reconnect.countdown);
  if (state.signedOut) return;
  notice(t('connecting'), { sticky: true });
  try {
    await connectAndLogin();
    state.reconnect.attempt = 0;
    notice(t('reconnected'));
    if (state.current) {
      state.history.delete(state.current);
      loadOlder(state.current);
    }
    renderAll();
  } catch (e) {
    const refused = e.response && e.response.method && String(e.response.method).toLowerCase() === 'login';
    state.conn?.close();
    if (refused) {
      signedOut(t('loginFailed', e.message));
    } else {
      scheduleReconnect();
    }
  }
}

async function signOut() {
  state.signedOut = true;
  try {
    await state.conn.request('logout');
  } catch {
    // closing anyway
  }
  state.conn?.close();
  signedOut('');
}

function signedOut(message) {
  state.signedOut = true;
  clearTimeout(state.reconnect.timer);
  clearInterval(state.reconnect.countdown);
  state.conn?.close();
  Object.assign(state, { passwordMd5: null, me: null, current: null, tab: 'chats' });
  [state.users, state.chats, state.messages, state.unread, state.history].forEach((m) => m.clear());
  notice('');
  $('app-view').hidden = true;
  $('login-view').hidden = false;
  showError('login-error', message);
  $('account').value = localStorage.getItem(ACCOUNT_KEY) || '';
  ($('account').value ? $('password') : $('account')).focus();
}

function showApp() {
  $('login-view').hidden = true;
  $('app-view').hidden = false;
  $('me-status').value = 'online';
  renderAll();
}

// ---------- pushes ----------

function handlePush(packet) {
  const method = String(packet.method || '').toLowerCase();
  const data = packet.data;
  switch (method) {
    case 'kickoff':
      signedOut(t('kickedOff'));
      return;
    case 'usergetlist':
      (Array.isArray(data) ? data : []).forEach(putUser);
      break;
    case 'getlist':
      if (Array.isArray(data)) {
        state.chats.clear();
        data.forEach(putChat);
      }
      break;
    case 'message':
      (Array.isArray(data) ? data : [data]).forEach((m) => receiveMessage(m, true));
      break;
    case 'login': case 'logout': case 'userchangestatus': case 'userchangename':
      if (data && data.id) putUser({ ...(state.users.get(Number(data.id)) || {}), ...data });
      break;
    case 'create': case 'joinchat': case 'changename': case 'changepublic': case 'addmember':
    case 'setadmin': case 'setcommitters':
      if (data && data.gid) putChat(data.chat && data.chat.gid ? data.chat : data);
      break;
    default:
      return;
  }
  renderAll();
}

function putUser(user) {
  if (!user || user.id === undefined) return;
  const id = Number(user.id);
  state.users.set(id, { ...user, id });
  if (state.me && id === state.me.id) state.me = state.users.get(id);
}

function putChat(chat) {
  const known = state.chats.get(chat.gid) || {};
  const merged = { ...known, ...chat };
  if (state.me && !isMember(merged)) {
    state.chats.delete(chat.gid);
    if (state.current === chat.gid) state.current = null;
    return;
  }
  state.chats.set(chat.gid, merged);
}

let chatListRefresh = null;
function receiveMessage(message, pushed) {
  const chatGid = message.cgid;
  if (!state.messages.has(chatGid)) state.messages.set(chatGid, new Map());
  const box = state.messages.get(chatGid);
  const fresh = !box.has(message.gid);
  box.set(message.gid, { ...box.get(message.gid), ...message, state: undefined });
  const chat = state.chats.get(chatGid);
  if (chat) {
    chat.lastActiveTime = Math.max(Number(chat.lastActiveTime) || 0, Number(message.date) || 0);
    if (fresh && pushed) chat.hide = false;
  } else if (pushed && !chatListRefresh) {
    // a chat this window does not know yet (created while it was away): fetch the list again
    chatListRefresh = state.conn.request('getList').then((r) => {
      (r.data || []).forEach(putChat);
      renderAll();
    }).catch(() => {}).finally(() => { chatListRefresh = null; });
  }
  const fromOther = Number(message.user) !== state.me.id;
  if (pushed && fresh && fromOther) {
    if (state.current !== chatGid || document.hidden) {
      state.unread.set(chatGid, (state.unread.get(chatGid) || 0) + 1);
    }
    if (document.hidden) desktopNotify(message);
  }
}

// ---------- sending ----------

function markSendingAsFailed() {
  for (const box of state.messages.values()) {
    for (const m of box.values()) {
      if (m.state === 'sending') m.state = 'failed';
    }
  }
  renderConversation();
}

/** Sends one message; a retry sends the same gid again, so the server stores it at most once. */
async function sendMessage(chatGid, contentType, content, gid = uuid()) {
  const message = {
    gid, cgid: chatGid, user: state.me.id, date: Math.floor(Date.now() / 1000), type: 'normal', contentType, content,
    state: 'sending',
  };
  if (!state.messages.has(chatGid)) state.messages.set(chatGid, new Map());
  state.messages.get(chatGid).set(gid, message);
  renderConversation({ toBottom: true });
  try {
    const response = await state.conn.request('message', {
      messages: [{ gid, cgid: chatGid, type: 'normal', contentType, content, date: '', user: state.me.id }],
    });
    (response.data || []).forEach((stored) => receiveMessage(stored, false));
  } catch (e) {
    message.state = 'failed';
    message.error = e.message;
  }
  renderAll();
}

function retry(chatGid, gid) {
  const m = state.messages.get(chatGid)?.get(gid);
  if (m) sendMessage(chatGid, m.contentType, m.content, gid);
}

function submitComposer(event) {
  event.preventDefault();
  const input = $('message-input');
  const text = input.value;
  if (!text.trim() || !state.current) return;
  input.value = '';
  sendMessage(state.current, 'text', text);
}

// ---------- files ----------

function uploadFiles(files) {
  showError('composer-error', '');
  for (const file of files) {
    if (file.size > MAX_FILE_BYTES) {
      showError('composer-error', t('tooLarge', file.name, describeExactSize(file.size), describeSize(MAX_FILE_BYTES)));
      continue;
    }
    upload(state.current, file);
  }
}

function upload(chatGid, file) {
  const status = $('upload-status');
  const xhr = new XMLHttpRequest();
  xhr.open('POST', `/api/attach/upload?gid=${encodeURIComponent(chatGid)}`);
  xhr.setRequestHeader('Authorization', `Bearer ${state.conn.sid}`);
  xhr.upload.onprogress = (e) => {
    if (e.lengthComputable) {
      status.hidden = false;
      status.textContent = t('uploading', file.name, Math.floor((e.loaded / e.total) * 100));
    }
  };
  xhr.onloadend = () => {
    status.hidden = true;
    let body = null;
    try { body = JSON.parse(xhr.responseText); } catch { /* not JSON */ }
    const uploaded = body && body.result === 'success' && Array.isArray(body.data) ? body.data[0] : null;
    if (!uploaded) {
      const reason = (body && body.message) || (xhr.status ? `HTTP ${xhr.status}` : t('cannotConnect'));
      showError('composer-error', t('uploadFailed', file.name, reason));
      return;
    }
    const image = /^image\/(png|jpeg|gif|webp)$/.test(file.type);
    const content = JSON.stringify({ name: file.name, size: file.size, type: file.type, send: 1, id: Number(uploaded.id) });
    sendMessage(chatGid, image ? 'image' : 'file', content);
  };
  const form = new FormData();
  form.append('files', file, file.name);
  xhr.send(form);
}

/** The download address of a file: the HTTP endpoint takes the sid in the query (an <img> sends no header). */
export function downloadUrl(fileId) {
  return `/api/attach/download?id=${encodeURIComponent(fileId)}&sid=${encodeURIComponent(state.conn?.sid || '')}`;
}

// ---------- history ----------

async function loadOlder(chatGid) {
  const h = state.history.get(chatGid) || { page: 0, done: false, loading: false };
  state.history.set(chatGid, h);
  if (h.loading || h.done) return;
  h.loading = true;
  renderConversation();
  const box = $('messages');
  const fromBottom = box.scrollHeight - box.scrollTop;
  try {
    const response = await state.conn.request('history',
      { gid: chatGid, recPerPage: PAGE_SIZE, pageID: h.page + 1, recTotal: 0, continued: false });
    const page = Array.isArray(response.data) ? response.data : [];
    page.forEach((m) => receiveMessage(m, false));
    h.page += 1;
    h.done = page.length < PAGE_SIZE;
  } catch (e) {
    showError('composer-error', t('requestFailed', e.message));
  } finally {
    h.loading = false;
  }
  renderConversation();
  if (state.current === chatGid) {
    // keep what the reader sees in place: older messages went above it
    box.scrollTop = h.page === 1 ? box.scrollHeight : box.scrollHeight - fromBottom;
  }
}

// ---------- chats ----------

function openChat(chatGid) {
  state.current = chatGid;
  state.unread.delete(chatGid);
  $('app-view').classList.add('in-chat');
  renderAll();
  if (!state.history.has(chatGid)) loadOlder(chatGid);
  else renderConversation({ toBottom: true });
  $('message-input').focus();
}

async function openUser(userId) {
  const existing = [...state.chats.values()].find((c) => c.type === 'one2one'
    && (c.members || []).map(Number).includes(userId) && (c.members || []).map(Number).includes(state.me.id)
    && (userId !== state.me.id || c.members.length === 1 || c.members.every((m) => Number(m) === userId)));
  if (existing) { state.tab = 'chats'; openChat(existing.gid); return; }
  try {
    const response = await state.conn.request('create', {
      gid: oneToOneGid(state.me.id, userId), name: '', type: 'one2one', members: [state.me.id, userId], subject: 0,
      public: false,
    });
    putChat(response.data);
    state.tab = 'chats';
    openChat(response.data.gid);
  } catch (e) {
    notice(t('requestFailed', e.message));
  }
}

async function chatAction(method, params, apply) {
  try {
    const response = await state.conn.request(method, params);
    apply(response.data);
  } catch (e) {
    notice(t('requestFailed', e.message));
  }
  renderAll();
}

function toggleFlag(flag) {
  const chat = state.chats.get(state.current);
  if (!chat) return;
  const value = !chat[flag];
  chatAction(flag, { gid: chat.gid, [flag]: value }, () => {
    chat[flag] = value;
    if (flag === 'hide' && value) closeChat();
  });
}

function closeChat() {
  state.current = null;
  $('app-view').classList.remove('in-chat');
}

function rename() {
  const chat = state.chats.get(state.current);
  const name = chat && window.prompt(t('newName'), chat.name || '');
  if (name && name.trim()) {
    chatAction('changename', { gid: chat.gid, name: name.trim() }, () => { chat.name = name.trim(); });
  }
}

function leave() {
  const chat = state.chats.get(state.current);
  if (chat && window.confirm(t('confirmLeave'))) {
    chatAction('joinchat', { gid: chat.gid, join: false }, () => {
      state.chats.delete(chat.gid);
      closeChat();
    });
  }
}

function isChatAdmin(chat) {
  return chat.createdBy === state.me.account || (chat.admins || []).map(Number).includes(state.me.id);
}

function togglePublic() {
  const chat = state.chats.get(state.current);
  if (!chat) return;
  const value = !chat.public;
  chatAction('changepublic', { gid: chat.gid, public: value }, () => { chat.public = value; });
}

/** A whitelist of chosen members: comma-joined ids (PROTOCOL.md, Chat); '', $ALL and $ADMINS are not. */
function whitelist(committers) {
  const value = String(committers || '').trim();
  return value && !value.startsWith('$') ? value.split(',').map(Number).filter(Boolean) : null;
}

function setCommitters(value) {
  const chat = state.chats.get(state.current);
  if (!chat) return;
  if (value === '$CHOSEN') { openPostersPicker(); return; }
  chatAction('setCommitters', { gid: chat.gid, committers: value }, (data) => { if (data && data.gid) putChat(data); });
}

// ---------- the people picker: who may post in a chat, the system chat's admins ----------

let pickSave = null;

/** A user to tick in a dialog: a labelled checkbox whose value is the user's id (the name set as text). */
function userCheckbox(u, checked) {
  const label = document.createElement('label');
  label.className = 'check';
  const box = document.createElement('input');
  box.type = 'checkbox';
  box.value = String(u.id);
  box.dataset.account = u.account;
  box.checked = checked;
  const name = document.createElement('span');
  name.textContent = `${u.realname || u.account} (${u.account})`;
  label.append(box, name);
  return label;
}

/** Opens the picker over users (each a checkbox, ticked when in checked); save(ids) answers once the server did. */
function openPicker({ title, hint, users, checked, save }) {
  pickSave = save;
  $('pick-title').textContent = title;
  $('pick-hint').textContent = hint;
  showError('pick-error', '');
  const ticked = new Set(checked.map(Number));
  $('pick-members').replaceChildren(...users.sort(byName).map((u) => userCheckbox(u, ticked.has(u.id))));
  $('pick-dialog').showModal();
  $('pick-members').querySelector('input')?.focus();
}

async function submitPicker(event) {
  event.preventDefault();
  const ids = [...$('pick-members').querySelectorAll('input:checked')].map((b) => Number(b.value));
  try {
    await pickSave(ids);
    $('pick-dialog').close();
  } catch (e) {
    showError('pick-error', e.message === 'none' ? t('postersNeedOne') : t('requestFailed', e.message));
  }
  renderAll();
}

function closePicker() {
  $('pick-dialog').close();
  renderAll(); // the committers choice shows the chat's value again
}

/** Admins of a chat choose the members who may post: setCommitters with their ids. */
function openPostersPicker() {
  const chat = state.chats.get(state.current);
  if (!chat) return;
  const members = (chat.members || []).map(Number).map((id) => state.users.get(id)).filter(Boolean);
  openPicker({
    title: t('postersTitle'),
    hint: t('postersHint'),
    users: members,
    checked: whitelist(chat.committers) || [],
    save: async (ids) => {
      if (!ids.length) throw new Error('none');
      const response = await state.conn.request('setCommitters', { gid: chat.gid, committers: ids });
      if (response.data && response.data.gid) putChat(response.data);
    },
  });
}

/** A system administrator chooses the admins of the system chat (setAdmin): only they may post there. */
function openSystemAdmins() {
  const chat = state.chats.get(state.current);
  if (!chat) return;
  const before = (chat.admins || []).map(Number);
  openPicker({
    title: t('systemAdminsTitle'),
    hint: t('systemAdminsHint'),
    users: [...state.users.values()],
    checked: before,
    save: async (ids) => {
      const added = ids.filter((id) => !before.includes(id));
      const removed = before.filter((id) => !ids.includes(id));
      for (const [admins, isAdmin] of [[added, true], [removed, false]]) {
        if (!admins.length) continue;
        const response = await state.conn.request('setAdmin', { gid: chat.gid, admins, isAdmin });
        if (response.data && response.data.gid) putChat(response.data);
      }
    },
  });
}

function renameMe() {
  const name = window.prompt(t('newOwnName'), state.me.realname || '');
  if (!name || !name.trim()) return;
  state.conn.request('userChangeName', { name: name.trim() }).then(() => {
    state.me.realname = name.trim();
    renderAll();
  }).catch((e) => notice(t('requestFailed', e.message)));
}

/** The public groups one is not in yet, each with a button to join it. */
async function openPublicGroups() {
  showError('public-error', '');
  const list = $('public-list');
  list.replaceChildren();
  $('public-dialog').showModal();
  try {
    const response = await state.conn.request('getPublicList');
    const groups = (Array.isArray(response.data) ? response.data : []).filter((c) => !isMember(c));
    if (!groups.length) {
      const empty = document.createElement('li');
      empty.className = 'empty';
      empty.textContent = t('noPublicGroups');
      list.append(empty);
    }
    list.append(...groups.map((chat) => {
      const li = document.createElement('li');
      const button = document.createElement('button');
      button.type = 'button';
      button.dataset.gid = chat.gid;
      const name = document.createElement('span');
      name.className = 'name';
      name.textContent = chatName(chat);
      const join = document.createElement('span');
      join.className = 'status-text';
      join.textContent = t('join');
      button.append(name, join);
      button.addEventListener('click', () => joinGroup(chat.gid));
      li.append(button);
      return li;
    }));
    list.querySelector('button')?.focus();
  } catch (e) {
    showError('public-error', t('requestFailed', e.message));
  }
}

async function joinGroup(gid) {
  try {
    const response = await state.conn.request('joinchat', { gid, join: true });
    putChat(response.data && response.data.chat ? response.data.chat : { ...(state.chats.get(gid) || {}), gid });
    $('public-dialog').close();
    state.tab = 'chats';
    openChat(gid);
  } catch (e) {
    showError('public-error', t('requestFailed', e.message));
  }
}

// ---------- group dialog: create a group, or invite to the current one ----------

let dialogMode = 'create';
function openGroupDialog(mode) {
  dialogMode = mode;
  const chat = state.chats.get(state.current);
  const taken = new Set(mode === 'invite' && chat ? (chat.members || []).map(Number) : [state.me.id]);
  $('group-dialog-title').textContent = mode === 'invite' ? t('invite') : t('newGroup');
  $('group-submit').textContent = mode === 'invite' ? t('invite') : t('create');
  $('group-name-row').hidden = mode === 'invite';
  $('group-name').value = '';
  showError('group-error', '');
  const list = $('group-members');
  list.replaceChildren();
  [...state.users.values()].filter((u) => !taken.has(u.id)).sort(byName)
    .forEach((u) => list.append(userCheckbox(u, false)));
  $('group-dialog').showModal();
  (mode === 'invite' ? list.querySelector('input') : $('group-name'))?.focus();
}

async function submitGroupDialog(event) {
  event.preventDefault();
  const ids = [...$('group-members').querySelectorAll('input:checked')].map((b) => Number(b.value));
  if (!ids.length) { showError('group-error', t('groupNeedsMembers')); return; }
  try {
    if (dialogMode === 'invite') {
      const response = await state.conn.request('addmember', { gid: state.current, members: ids, join: true });
      putChat(response.data);
    } else {
      const response = await state.conn.request('create', {
        gid: uuid(), name: $('group-name').value.trim(), type: 'group', members: [state.me.id, ...ids], subject: 0,
        public: false,
      });
      putChat(response.data);
      state.current = response.data.gid;
    }
    $('group-dialog').close();
    state.tab = 'chats';
    if (state.current) openChat(state.current);
  } catch (e) {
    showError('group-error', t('requestFailed', e.message));
  }
}

// ---------- settings and notifications ----------

async function loadSettings() {
  try {
    const response = await state.conn.request('settings', { account: state.account });
    state.settings = response.data && typeof response.data === 'object' && !Array.isArray(response.data)
      ? response.data : {};
  } catch {
    state.settings = {};
  }
  $('notify-toggle').checked = Boolean(state.settings.webNotify) && notificationsAllowed();
}

function notificationsAllowed() {
  return 'Notification' in window && Notification.permission === 'granted';
}

async function toggleNotifications() {
  const want = $('notify-toggle').checked;
  if (want && 'Notification' in window && Notification.permission !== 'granted') {
    const answer = await Notification.requestPermission();
    if (answer !== 'granted') {
      $('notify-toggle').checked = false;
      notice(t('notifyDenied'));
      return;
    }
  } else if (want && !('Notification' in window)) {
    $('notify-toggle').checked = false;
    notice(t('notifyDenied'));
    return;
  }
  state.settings = { ...state.settings, webNotify: want };
  state.conn.request('settings', { account: state.account, settings: state.settings }).then(() => {
    $('notify-toggle').dataset.saved = String(want); // what the server holds now
  }).catch((e) => {
    notice(t('requestFailed', e.message));
  });
}

function desktopNotify(message) {
  const chat = state.chats.get(message.cgid);
  if (!state.settings.webNotify || !notificationsAllowed() || (chat && chat.mute)) return;
  const type = String(message.contentType || 'text').toLowerCase();
  const body = type === 'text' || type === 'plain' ? String(message.content)
    : type === 'emoticon' || type === 'emotion' ? emoticonText(String(message.content)) : t('file');
  const note = new Notification(t('newMessageFrom', userName(message.user)), { body: body.slice(0, 200), tag: message.cgid });
  note.onclick = () => { window.focus(); openChat(message.cgid); };
}

// ---------- rendering ----------

function byName(a, b) {
  return (a.realname || a.account || '').localeCompare(b.realname || b.account || '', lang);
}

function renderAll() {
  if (!state.me) return;
  $('me-name').textContent = state.me.realname || state.me.account;
  renderTabs();
  renderChatList();
  renderUserList();
  renderConversation();
}

function renderTabs() {
  const chats = state.tab === 'chats';
  $('tab-chats').setAttribute('aria-selected', String(chats));
  $('tab-users').setAttribute('aria-selected', String(!chats));
  $('chat-list').hidden = !chats;
  $('user-list').hidden = chats;
}

/** Re-renders a list and gives the focus back to the same item, so a push never pulls it from a keyboard user. */
function keepingFocus(list, key, render) {
  const focused = document.activeElement;
  const value = focused && list.contains(focused) ? focused.dataset[key] : null;
  render();
  if (value) list.querySelector(`button[data-${key}="${CSS.escape(value)}"]`)?.focus();
}

function renderChatList() {
  keepingFocus($('chat-list'), 'gid', renderChatListItems);
}

function renderChatListItems() {
  const chats = [...state.chats.values()]
    .filter((c) => !c.hide || state.unread.get(c.gid) || c.gid === state.current)
    .sort((a, b) => (Number(Boolean(b.star)) - Number(Boolean(a.star)))
      || ((Number(b.lastActiveTime) || 0) - (Number(a.lastActiveTime) || 0)) || chatName(a).localeCompare(chatName(b)));
  $('chat-list').replaceChildren(...chats.map((chat) => {
    const li = document.createElement('li');
    const button = document.createElement('button');
    button.type = 'button';
    button.dataset.gid = chat.gid;
    button.dataset.type = chat.type;
    if (chat.gid === state.current) button.setAttribute('aria-current', 'true');
    const name = document.createElement('span');
    name.className = 'name';
    name.textContent = chatName(chat);
    button.append(name);
    if (chat.star) button.append(flag('★', t('star')));
    if (chat.mute) button.append(flag(t('muted'), t('mute')));
    const unread = state.unread.get(chat.gid);
    if (unread) {
      const badge = document.createElement('span');
      badge.className = 'badge';
      badge.textContent = String(unread);
      badge.setAttribute('aria-label', t('unread', unread));
      button.append(badge);
    }
    button.addEventListener('click', () => openChat(chat.gid));
    li.append(button);
    return li;
  }));
}

function flag(symbol, label) {
  const span = document.createElement('span');
  span.className = 'flag';
  span.textContent = symbol;
  span.setAttribute('aria-label', label);
  span.title = label;
  return span;
}

function renderUserList() {
  keepingFocus($('user-list'), 'account', renderUserListItems);
}

function renderUserListItems() {
  const rank = { online: 0, busy: 1, away: 2 };
  const users = [...state.users.values()].filter((u) => u.id !== state.me.id)
    .sort((a, b) => ((rank[a.status] ?? 3) - (rank[b.status] ?? 3)) || byName(a, b));
  $('user-list').replaceChildren(...users.map((user) => {
    const li = document.createElement('li');
    const button = document.createElement('button');
    button.type = 'button';
    button.dataset.account = user.account;
    const status = ['online', 'away', 'busy'].includes(user.status) ? user.status : 'offline';
    const dot = document.createElement('span');
    dot.className = `presence ${status}`;
    const name = document.createElement('span');
    name.className = 'name';
    name.textContent = user.realname || user.account;
    const text = document.createElement('span');
    text.className = 'status-text';
    text.textContent = t(status);
    button.append(dot, name, text);
    button.addEventListener('click', () => openUser(user.id));
    li.append(button);
    return li;
  }));
}

function renderConversation({ toBottom = false } = {}) {
  const chat = state.current ? state.chats.get(state.current) : null;
  $('no-chat').hidden = Boolean(chat);
  $('composer').hidden = !chat;
  $('chat-actions').hidden = !chat;
  const box = $('messages');
  box.hidden = !chat;
  if (!chat) { $('chat-title').textContent = ''; return; }
  $('chat-title').textContent = chatName(chat);
  const group = chat.type === 'group';
  $('rename-button').hidden = !group;
  $('invite-button').hidden = !group;
  $('leave-button').hidden = !group;
  $('public-button').hidden = !group;
  $('public-button').textContent = chat.public ? t('makePrivate') : t('makePublic');
  const system = chat.type === 'system';
  const chosen = whitelist(chat.committers);
  $('committers-select').hidden = !(group || system) || !isChatAdmin(chat);
  $('committers-select').value = chosen ? '$CHOSEN' : chat.committers === '$ADMINS' ? '$ADMINS' : '$ALL';
  $('committers-edit').hidden = $('committers-select').hidden || !chosen;
  $('system-admins-button').hidden = !system || state.me.admin !== 'super';
  $('star-button').textContent = chat.star ? t('unstar') : t('star');
  $('mute-button').textContent = chat.mute ? t('unmute') : t('mute');
  const atBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 40;
  const messages = [...(state.messages.get(chat.gid)?.values() || [])];
  const h = state.history.get(chat.gid);
  renderMessages(box, messages, {
    meId: state.me.id, userName, downloadUrl, onRetry: (gid) => retry(chat.gid, gid), loadingOlder: Boolean(h?.loading),
  });
  if (toBottom || atBottom) box.scrollTop = box.scrollHeight;
}

// ---------- wiring ----------

function wire() {
  translatePage();
  $('login-form').addEventListener('submit', signIn);
  $('logout-button').addEventListener('click', signOut);
  $('tab-chats').addEventListener('click', () => { state.tab = 'chats'; renderAll(); });
  $('tab-users').addEventListener('click', () => { state.tab = 'users'; renderAll(); });
  $('composer').addEventListener('submit', submitComposer);
  $('message-input').addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) submitComposer(e);
  });
  $('attach-button').addEventListener('click', () => $('file-input').click());
  $('file-input').addEventListener('change', (e) => { uploadFiles([...e.target.files]); e.target.value = ''; });
  $('messages').addEventListener('scroll', () => {
    if (state.current && $('messages').scrollTop < 40) loadOlder(state.current);
  });
  $('back-button').addEventListener('click', () => { closeChat(); renderAll(); });
  $('star-button').addEventListener('click', () => toggleFlag('star'));
  $('mute-button').addEventListener('click', () => toggleFlag('mute'));
  $('hide-button').addEventListener('click', () => toggleFlag('hide'));
  $('rename-button').addEventListener('click', rename);
  $('leave-button').addEventListener('click', leave);
  $('invite-button').addEventListener('click', () => openGroupDialog('invite'));
  $('new-group-button').addEventListener('click', () => openGroupDialog('create'));
  $('public-groups-button').addEventListener('click', openPublicGroups);
  $('public-close').addEventListener('click', () => $('public-dialog').close());
  $('public-button').addEventListener('click', togglePublic);
  $('committers-select').addEventListener('change', (e) => setCommitters(e.target.value));
  $('committers-edit').addEventListener('click', openPostersPicker);
  $('system-admins-button').addEventListener('click', openSystemAdmins);
  $('pick-form').addEventListener('submit', submitPicker);
  $('pick-cancel').addEventListener('click', closePicker);
  $('pick-dialog').addEventListener('cancel', () => setTimeout(renderAll)); // Escape closes it
  $('me-name').addEventListener('click', renameMe);
  $('group-form').addEventListener('submit', submitGroupDialog);
  $('group-cancel').addEventListener('click', () => $('group-dialog').close());
  $('notify-toggle').addEventListener('change', toggleNotifications);
  $('me-status').addEventListener('change', (e) => {
    state.conn.request('userChangeStatus', { status: e.target.value }).then(() => {
      state.me.status = e.target.value;
    }).catch((err) => notice(t('requestFailed', err.message)));
  });
  const conversation = $('conversation');
  const hasFiles = (e) => state.current && [...(e.dataTransfer?.types || [])].includes('Files');
  conversation.addEventListener('dragover', (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    $('drop-hint').hidden = false;
  });
  conversation.addEventListener('dragleave', (e) => {
    if (!conversation.contains(e.relatedTarget)) $('drop-hint').hidden = true;
  });
  conversation.addEventListener('drop', (e) => {
    $('drop-hint').hidden = true;
    if (!hasFiles(e)) return;
    e.preventDefault();
    uploadFiles([...e.dataTransfer.files]);
  });
  document.addEventListener('visibilitychange', () => {
    if (!document.hidden && state.current) {
      state.unread.delete(state.current);
      renderAll();
    }
  });
  signedOut('');
}

wire();
