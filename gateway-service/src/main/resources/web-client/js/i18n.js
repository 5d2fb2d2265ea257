// The client's texts in English and Chinese, chosen from the browser's language (navigator.languages).
const TEXTS = {
  en: {
    title: 'Xuanxuan', signIn: 'Sign in', account: 'Account', password: 'Password',
    signingIn: 'Signing in…', loginFailed: 'Sign-in failed: {0}', cannotConnect: 'Cannot reach the server.',
    chats: 'Chats', users: 'Users', newGroup: 'New group', logout: 'Sign out', send: 'Send',
    messagePlaceholder: 'Write a message (Enter sends, Shift+Enter for a new line)', messageLabel: 'Message',
    attach: 'Attach a file', attachShort: 'File…', muted: 'muted', bytes: 'bytes', back: 'Back to the chats', systemChat: 'Everyone', noticeChat: 'Notices',
    noChat: 'Choose a chat, or a user to write to.', sending: 'Sending…', failed: 'Not sent.', retry: 'Retry',
    you: 'You', today: 'Today', yesterday: 'Yesterday', loadingOlder: 'Loading older messages…',
    reconnecting: 'Connection lost. Reconnecting in {0} s…', reconnected: 'Reconnected.', connecting: 'Reconnecting…',
    kickedOff: 'You signed in somewhere else; this window is signed out.',
    groupName: 'Group name', members: 'Members', create: 'Create', cancel: 'Cancel', invite: 'Invite',
    rename: 'Rename', leave: 'Leave', star: 'Star', unstar: 'Unstar', mute: 'Mute', unmute: 'Unmute', hide: 'Hide',
    newName: 'New name', confirmLeave: 'Leave this group?', unread: '{0} unread',
    tooLarge: '“{0}” is {1}: files may be at most {2}. It was not uploaded.',
    uploadFailed: 'Upload of “{0}” failed: {1}', uploading: 'Uploading {0}: {1}%', dropHere: 'Drop files to send them',
    notifyEnable: 'Desktop notifications', notifyDenied: 'Notifications are blocked by the browser.',
    status: 'Status', online: 'online', away: 'away', busy: 'busy', offline: 'offline',
    chatActions: 'Chat actions', newMessageFrom: 'New message from {0}', file: 'File', image: 'Image',
    broadcast: 'Notice', messages: 'Messages', publicGroups: 'Public groups', join: 'Join', makePublic: 'Make public', makePrivate: 'Make private', whoMayPost: 'Who may post', everyonePosts: 'Everyone may post', adminsPost: 'Only admins may post', yourName: 'Your name (click to change)', newOwnName: 'Your name', noPublicGroups: 'No public group to join.', close: 'Close', groupNeedsMembers: 'Choose at least one member.', requestFailed: 'Failed: {0}', chosenPost: 'Only chosen members may post…', choosePosters: 'Who may post…', postersTitle: 'Who may post in this chat', postersHint: 'Only the members you tick may post; everyone else still reads. Admins too must be ticked to post.', postersNeedOne: 'Tick at least one member, or let everyone post.', systemAdmins: 'Admins of the system chat…', systemAdminsTitle: 'Admins of the system chat', systemAdminsHint: 'The system chat reaches every user. Only its admins may post in it; with none ticked, system administrators may.', save: 'Save', emoticon: 'Emoticon',
  },
  zh: {
    title: '喧喧', signIn: '登录', account: '账号', password: '密码',
    signingIn: '正在登录…', loginFailed: '登录失败：{0}', cannotConnect: '无法连接服务器。',
    chats: '会话', users: '用户', newGroup: '新建讨论组', logout: '退出', send: '发送',
    messagePlaceholder: '输入消息（Enter 发送，Shift+Enter 换行）', messageLabel: '消息',
    attach: '发送文件', attachShort: '文件…', muted: '免打扰', bytes: '字节', back: '返回会话列表', systemChat: '所有人', noticeChat: '通知',
    noChat: '选择一个会话，或选择一个用户开始聊天。', sending: '发送中…', failed: '未发送。', retry: '重试',
    you: '我', today: '今天', yesterday: '昨天', loadingOlder: '正在加载更早的消息…',
    reconnecting: '连接已断开，{0} 秒后重新连接…', reconnected: '已重新连接。', connecting: '正在重新连接…',
    kickedOff: '您的账号在其他地方登录，此窗口已退出。',
    groupName: '讨论组名称', members: '成员', create: '创建', cancel: '取消', invite: '邀请',
    rename: '重命名', leave: '退出讨论组', star: '收藏', unstar: '取消收藏', mute: '免打扰', unmute: '取消免打扰',
    hide: '隐藏', newName: '新名称', confirmLeave: '确定退出此讨论组？', unread: '{0} 条未读',
    tooLarge: '“{0}” 大小为 {1}，文件最大 {2}，未上传。',
    uploadFailed: '“{0}” 上传失败：{1}', uploading: '正在上传 {0}：{1}%', dropHere: '拖放文件到这里发送',
    notifyEnable: '桌面通知', notifyDenied: '浏览器已阻止通知。',
    status: '状态', online: '在线', away: '离开', busy: '忙碌', offline: '离线',
    chatActions: '会话操作', newMessageFrom: '来自 {0} 的新消息', file: '文件', image: '图片',
    broadcast: '通知', messages: '消息', publicGroups: '公开讨论组', join: '加入', makePublic: '设为公开', makePrivate: '取消公开', whoMayPost: '谁可以发言', everyonePosts: '所有人可发言', adminsPost: '仅管理员可发言', yourName: '我的名字（点击修改）', newOwnName: '我的名字', noPublicGroups: '没有可加入的公开讨论组。', close: '关闭', groupNeedsMembers: '请至少选择一名成员。', requestFailed: '操作失败：{0}', chosenPost: '仅指定成员可发言…', choosePosters: '谁可以发言…', postersTitle: '谁可以在此会话发言', postersHint: '只有勾选的成员可以发言，其他人仍可阅读。管理员也需勾选才能发言。', postersNeedOne: '请至少勾选一名成员，或允许所有人发言。', systemAdmins: '系统会话管理员…', systemAdminsTitle: '系统会话管理员', systemAdminsHint: '系统会话会发送给所有用户。只有其管理员可以发言；未勾选任何人时，系统管理员可以发言。', save: '保存', emoticon: '表情',
  },
};

const languages = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || 'en'];
export const lang = String(languages[0]).toLowerCase().startsWith('zh') ? 'zh' : 'en';

/** The text for key, with {0}, {1}… replaced by the arguments. */
export function t(key, ...args) {
  const text = TEXTS[lang][key] ?? TEXTS.en[key] ?? key;
  return text.replace(/\{(\d)\}/g, (_, i) => String(args[Number(i)] ?? ''));
}

/** Fills the static page: data-i18n (text), data-i18n-placeholder, data-i18n-label (aria-label and title). */
export function translatePage(root = document) {
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  document.title = t('title');
  root.querySelectorAll('[data-i18n]').forEach((el) => { el.textContent = t(el.dataset.i18n); });
  root.querySelectorAll('[data-i18n-placeholder]').forEach((el) => { el.placeholder = t(el.dataset.i18nPlaceholder); });
  root.querySelectorAll('[data-i18n-label]').forEach((el) => {
    el.setAttribute('aria-label', t(el.dataset.i18nLabel));
    el.title = t(el.dataset.i18nLabel);
  });
}
