// Messages into the page. What another user wrote goes in as text nodes (textContent), never as HTML:
// a message "<script>…" shows those characters and runs nothing. Links are made from http(s) addresses only.
import { t, lang } from './i18n.js';

const LINK = /\bhttps?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)\]}]/g;

export function describeSize(bytes) {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(bytes % (1024 * 1024) ? 1 : 0)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(0)} KiB`;
  return `${bytes} B`;
}

/** A size near a limit, exact enough to see that it is over it: "32.0 MiB (33,554,433 bytes)". */
export function describeExactSize(bytes) {
  return bytes >= 1024 ? `${describeSize(bytes)} (${bytes.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en')} ${t('bytes')})` : describeSize(bytes);
}

/** Text with its line breaks (CSS pre-wrap) and links: text nodes and <a> elements whose text is set as text. */
export function textWithLinks(text) {
  const fragment = document.createDocumentFragment();
  let last = 0;
  for (const match of text.matchAll(LINK)) {
    if (match.index > last) fragment.append(document.createTextNode(text.slice(last, match.index)));
    const a = document.createElement('a');
    a.href = match[0];
    a.textContent = match[0];
    a.target = '_blank';
    a.rel = 'noopener noreferrer';
    fragment.append(a);
    last = match.index + match[0].length;
  }
  if (last < text.length) fragment.append(document.createTextNode(text.slice(last)));
  return fragment;
}

function parseJson(text) {
  try {
    const value = JSON.parse(text);
    return value && typeof value === 'object' ? value : null;
  } catch {
    return null;
  }
}

function dayLabel(date) {
  const today = new Date();
  const yesterday = new Date(today.getFullYear(), today.getMonth(), today.getDate() - 1);
  if (date.toDateString() === today.toDateString()) return t('today');
  if (date.toDateString() === yesterday.toDateString()) return t('yesterday');
  return date.toLocaleDateString(lang === 'zh' ? 'zh-CN' : undefined, { year: 'numeric', month: 'long', day: 'numeric', weekday: 'short' });
}

/** Oldest first: by date, then by the server's id (messages of one second), messages not stored yet last. */
function order(a, b) {
  return ((Number(a.date) || 0) - (Number(b.date) || 0))
    || ((a.id ? Number(a.id) : Infinity) - (b.id ? Number(b.id) : Infinity) || 0);
}

/** Where an emoticon's JSON object keeps its text, in the order looked at. */
const EMOTICON_FIELDS = ['emoji', 'emoticon', 'text', 'content', 'shortname', 'name', 'title'];

/**
 * The text of an emoticon message (contentType emoticon, or the real schema's emotion). Its content is a JSON
 * string: a JSON string literal ("\"😀\""), or an object holding the emoji or its short name; a client that sent the
 * bare text is taken as it is. Always a string, put into the page as text.
 */
export function emoticonText(content) {
  let value;
  try {
    value = JSON.parse(content);
  } catch {
    return content;
  }
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const field = EMOTICON_FIELDS.find((key) => typeof value[key] === 'string' && value[key]);
    if (field) return value[field];
  }
  return content;
}

function body(message, downloadUrl) {
  const div = document.createElement('div');
  div.className = 'text';
  const type = String(message.contentType || 'text').toLowerCase();
  const content = message.content === undefined || message.content === null ? '' : String(message.content);
  const file = type === 'image' || type === 'file' ? parseJson(content) : null;
  if (file && file.id) {
    const a = document.createElement('a');
    a.href = downloadUrl(file.id);
    a.download = String(file.name || 'file');
    a.className = type === 'image' ? 'file-link image-link' : 'file-link';
    a.dataset.fileId = String(file.id);
    if (type === 'image') {
      const img = document.createElement('img');
      img.className = 'inline';
      img.src = downloadUrl(file.id);
      img.alt = String(file.name || t('image'));
      a.append(img);
    } else {
      a.textContent = `${file.name || t('file')}${file.size ? ` (${describeSize(Number(file.size))})` : ''}`;
    }
    div.append(a);
  } else if (type === 'emoticon' || type === 'emotion') {
    div.classList.add('emoticon');
    div.textContent = emoticonText(content);
  } else if (file) {
    div.textContent = `${file.name || t('file')} …`;
  } else {
    div.append(textWithLinks(content));
  }
  return div;
}

/** Replaces the content of box with the messages, day separators between days. */
export function renderMessages(box, messages, { meId, userName, downloadUrl, onRetry, loadingOlder }) {
  const nodes = [];
  if (loadingOlder) {
    const older = document.createElement('p');
    older.className = 'older';
    older.textContent = t('loadingOlder');
    nodes.push(older);
  }
  let lastDay = null;
  for (const message of messages.sort(order)) {
    const date = new Date((Number(message.date) || 0) * 1000);
    const day = date.toDateString();
    if (day !== lastDay) {
      const separator = document.createElement('p');
      separator.className = 'day';
      separator.setAttribute('role', 'separator');
      separator.textContent = dayLabel(date);
      nodes.push(separator);
      lastDay = day;
    }
    const mine = Number(message.user) === meId;
    const broadcast = message.type === 'broadcast';
    const item = document.createElement('div');
    item.className = `message${mine ? ' mine' : ''}${broadcast ? ' broadcast' : ''}${message.state ? ` ${message.state}` : ''}`;
    item.dataset.gid = message.gid;
    item.dataset.state = message.state || 'sent';
    const meta = document.createElement('div');
    meta.className = 'meta';
    const who = document.createElement('span');
    who.className = 'sender';
    who.textContent = broadcast ? t('broadcast') : mine ? t('you') : userName(message.user);
    const when = document.createElement('time');
    when.dateTime = date.toISOString();
    when.textContent = date.toLocaleTimeString(lang === 'zh' ? 'zh-CN' : undefined, { hour: '2-digit', minute: '2-digit' });
    meta.append(who, when);
    item.append(meta, body(message, downloadUrl));
    if (message.state === 'sending' || message.state === 'failed') {
      const state = document.createElement('span');
      state.className = 'state';
      state.textContent = message.state === 'sending' ? t('sending') : `${t('failed')} ${message.error || ''}`.trim();
      item.append(state);
      if (message.state === 'failed') {
        const retry = document.createElement('button');
        retry.type = 'button';
        retry.className = 'retry';
        retry.textContent = t('retry');
        retry.addEventListener('click', () => onRetry(message.gid));
        item.append(retry);
      }
    }
    nodes.push(item);
  }
  box.replaceChildren(...nodes);
}
