// What the fake WeChat knows, shared by the fake (Node) and the tests (Workers runtime).
export const FAKE_APP_ID = 'wx-test-appid'
export const FAKE_APP_SECRET = 'test-app-secret'
export const FAKE_SESSION_KEY_PREFIX = 'SESSIONKEY-'
export const FAKE_TOKEN_SECONDS = 7200

/** The subscribe-message templates the fake's mini-program has, with their keys. */
export const FAKE_TEMPLATES: Record<string, string[]> = {
  'TPL-EVENT-CHANGE': ['thing1', 'time2', 'phrase3', 'thing4'],
  'TPL-REMINDER': ['thing1', 'time2', 'thing3', 'name4'],
  'TPL-EVENT-REMIND': ['thing1', 'time2', 'thing3', 'thing4'],
  'TPL-ANSWER': ['character_string1', 'phrase2', 'thing3', 'date4'],
  'TPL-INVITE': ['thing1', 'thing2'],
}

/** WECHAT_NOTICE_TEMPLATES for the fake's templates (docs/notifications.md). */
export const FAKE_NOTICE_TEMPLATES = JSON.stringify({
  event_changed: 'TPL-EVENT-CHANGE',
  event_cancelled: 'TPL-EVENT-CHANGE',
  event_reminder: 'TPL-EVENT-REMIND',
  evaluation_invite: 'TPL-INVITE',
  new_post: 'TPL-INVITE',
  answer_published: 'TPL-ANSWER',
  registration_approved: 'TPL-EVENT-CHANGE',
  registration_declined: 'TPL-EVENT-CHANGE',
  waitlist_offer: 'TPL-EVENT-CHANGE',
})

/** Pages of the released mini-program (check_path). */
export const FAKE_PAGES = ['pages/index/index', 'pages/event/index', 'pages/post/index', 'pages/track/index']

/** A 1×1 grey PNG. */
export const FAKE_PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg=='

