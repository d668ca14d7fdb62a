/**
 * The H5 build's Taro.showModal / showToast / showLoading / showActionSheet (config/index.ts
 * swaps @tarojs/taro-h5's implementation for this file; weapp keeps WeChat's native ones).
 *
 * Taro's H5 modal had no dialog role, no focus handling and 3.95:1 grey text, and injected a
 * <style> tag at run time. This one is a real modal dialog: role="dialog", aria-modal, labelled
 * by its title and described by its text; focus moves in and stays in (Tab cycles, the rest of
 * the page is inert), Esc cancels, focus returns to where it was; real <button>s at least 48px
 * high; text and buttons ≥ 4.5:1. Styles live in h5.css (classes od-*), nothing is injected.
 */

type Callbacks<R> = { success?: (r: R) => void; fail?: (e: { errMsg: string }) => void; complete?: (r: R | { errMsg: string }) => void }

function done<R extends { errMsg: string }>(options: Callbacks<R>, result: R): Promise<R> {
  options.success?.(result)
  options.complete?.(result)
  return Promise.resolve(result)
}

function failed(options: Callbacks<never>, errMsg: string): Promise<never> {
  const err = { errMsg }
  options.fail?.(err)
  options.complete?.(err)
  return Promise.reject(err)
}

const SAFE_BUTTON = '#1d4e89'

/** WCAG contrast of white text on `hex`; a caller's colour is used only when it stays readable. */
function contrastOnWhiteText(hex: string): number {
  const m = /^#?([0-9a-f]{6})$/i.exec(hex.trim())
  if (!m) return 0
  const n = parseInt(m[1], 16)
  const lin = (c: number) => {
    const s = c / 255
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4
  }
  const l = 0.2126 * lin((n >> 16) & 255) + 0.7152 * lin((n >> 8) & 255) + 0.0722 * lin(n & 255)
  return 1.05 / (l + 0.05)
}

export const readableButtonColour = (colour: string | undefined): string =>
  colour && contrastOnWhiteText(colour) >= 4.5 ? colour : SAFE_BUTTON

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag)
  node.className = className
  if (text !== undefined) node.textContent = text
  return node
}

let dialogCount = 0

interface DialogButton {
  id: string
  label: string
  kind: 'cancel' | 'confirm' | 'item'
  colour?: string
}

/**
 * Opens a modal dialog and resolves with the id of the button chosen, or 'escape'. The page
 * behind is inert while it is open; focus returns to the element that had it.
 */
function openDialog(opts: { title?: string; content?: string; buttons: DialogButton[]; escape: string; initialFocus: string }): Promise<string> {
  const n = ++dialogCount
  const returnTo = document.activeElement as HTMLElement | null
  const behind = Array.from(document.body.children).filter((c) => !c.hasAttribute('inert')) as HTMLElement[]
  for (const b of behind) b.setAttribute('inert', '')

  const backdrop = el('div', 'od-dialog-backdrop')
  const dialog = el('div', 'od-dialog')
  dialog.setAttribute('role', 'dialog')
  dialog.setAttribute('aria-modal', 'true')
  if (opts.title) {
    const title = el('h2', 'od-dialog__title', opts.title)
    title.id = `od-dialog-title-${n}`
    dialog.setAttribute('aria-labelledby', title.id)
    dialog.appendChild(title)
  }
  if (opts.content) {
    const content = el('p', 'od-dialog__content', opts.content)
    content.id = `od-dialog-content-${n}`
    dialog.setAttribute(opts.title ? 'aria-describedby' : 'aria-labelledby', content.id)
    dialog.appendChild(content)
  }
  const actions = el('div', `od-dialog__actions od-dialog__actions--${opts.buttons.length > 2 ? 'list' : 'row'}`)
  const buttons = opts.buttons.map((b) => {
    const button = el('button', `od-dialog__button od-dialog__button--${b.kind}`, b.label)
    button.type = 'button'
    button.id = `dialog-${b.id}`
    if (b.kind === 'confirm') button.style.backgroundColor = readableButtonColour(b.colour)
    actions.appendChild(button)
    return button
  })
  dialog.appendChild(actions)
  backdrop.appendChild(dialog)
  document.body.appendChild(backdrop)

  return new Promise((resolve) => {
    const close = (choice: string) => {
      document.removeEventListener('keydown', onKey, true)
      backdrop.remove()
      for (const b of behind) b.removeAttribute('inert')
      if (returnTo && document.contains(returnTo)) returnTo.focus()
      resolve(choice)
    }
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.preventDefault()
        close(opts.escape)
      } else if (e.key === 'Tab') {
        // Keep Tab inside the dialog: from the last button back to the first and the other way.
        const i = buttons.indexOf(document.activeElement as HTMLButtonElement)
        e.preventDefault()
        const next = e.shiftKey ? (i <= 0 ? buttons.length - 1 : i - 1) : i === buttons.length - 1 ? 0 : i + 1
        buttons[next].focus()
      }
    }
    document.addEventListener('keydown', onKey, true)
    opts.buttons.forEach((b, i) => buttons[i].addEventListener('click', () => close(b.id)))
    buttons[Math.max(0, opts.buttons.findIndex((b) => b.id === opts.initialFocus))].focus()
  })
}

export interface ShowModalOptions extends Callbacks<ShowModalResult> {
  title?: string
  content?: string
  showCancel?: boolean
  cancelText?: string
  cancelColor?: string
  confirmText?: string
  confirmColor?: string
}
export interface ShowModalResult {
  confirm: boolean
  cancel: boolean
  errMsg: string
}

export async function showModal(options: ShowModalOptions = {}): Promise<ShowModalResult> {
  const showCancel = options.showCancel !== false
  const buttons: DialogButton[] = [{ id: 'confirm', label: options.confirmText || '确定', kind: 'confirm', colour: options.confirmColor }]
  if (showCancel) buttons.unshift({ id: 'cancel', label: options.cancelText || '取消', kind: 'cancel' })
  // The safe choice has the focus first: Enter on an unread dialog must not cancel a sign-up.
  const choice = await openDialog({
    title: options.title,
    content: options.content,
    buttons,
    escape: showCancel ? 'cancel' : 'confirm',
    initialFocus: showCancel ? 'cancel' : 'confirm',
  })
  return done(options, { confirm: choice === 'confirm', cancel: choice !== 'confirm', errMsg: 'showModal:ok' })
}

export interface ShowActionSheetOptions extends Callbacks<{ tapIndex: number; errMsg: string }> {
  itemList: string[]
  itemColor?: string
  alertText?: string
}

export async function showActionSheet(options: ShowActionSheetOptions): Promise<{ tapIndex: number; errMsg: string }> {
  if (!Array.isArray(options?.itemList) || options.itemList.length < 1 || options.itemList.length > 6) {
    return failed(options ?? {}, 'showActionSheet:fail parameter error: itemList should have 1 to 6 items')
  }
  const buttons: DialogButton[] = options.itemList.map((label, i) => ({ id: `item-${i}`, label, kind: 'item' }))
  buttons.push({ id: 'cancel', label: '取消', kind: 'cancel' })
  const choice = await openDialog({ title: options.alertText, buttons, escape: 'cancel', initialFocus: 'item-0' })
  if (choice === 'cancel') return failed(options, 'showActionSheet:fail cancel')
  return done(options, { tapIndex: Number(choice.slice(5)), errMsg: 'showActionSheet:ok' })
}

// ---------- toast and loading: one polite live region, never focus-stealing ----------

let toastBox: HTMLElement | undefined
let toastTimer: ReturnType<typeof setTimeout> | undefined
let toastKind: 'toast' | 'loading' | undefined

function toastElement(): HTMLElement {
  if (toastBox && document.body.contains(toastBox)) return toastBox
  toastBox = el('div', 'od-toast')
  toastBox.setAttribute('role', 'status')
  toastBox.setAttribute('aria-live', 'polite')
  toastBox.hidden = true
  document.body.appendChild(toastBox)
  return toastBox
}

function showStatus(kind: 'toast' | 'loading', text: string, icon: string, durationMs?: number) {
  const box = toastElement()
  if (toastTimer) clearTimeout(toastTimer)
  toastKind = kind
  box.className = `od-toast od-toast--${icon}`
  box.textContent = ''
  if (icon === 'loading') box.appendChild(el('span', 'od-toast__spinner'))
  else if (icon === 'success') box.appendChild(el('span', 'od-toast__icon', '✓'))
  else if (icon === 'error') box.appendChild(el('span', 'od-toast__icon', '!'))
  box.appendChild(el('span', 'od-toast__text', text))
  box.hidden = false
  if (durationMs !== undefined) toastTimer = setTimeout(() => hideStatus(kind), durationMs)
}

function hideStatus(kind?: 'toast' | 'loading') {
  if (!toastBox || (kind && toastKind !== kind)) return
  toastBox.hidden = true
  toastBox.textContent = ''
  toastKind = undefined
}

export interface ShowToastOptions extends Callbacks<{ errMsg: string }> {
  title: string
  icon?: 'success' | 'error' | 'loading' | 'none'
  duration?: number
  mask?: boolean
  image?: string
}

export function showToast(options: ShowToastOptions): Promise<{ errMsg: string }> {
  if (typeof options?.title !== 'string') return failed(options ?? {}, 'showToast:fail parameter error: title should be a String')
  showStatus('toast', options.title, options.icon ?? 'success', options.duration ?? 1500)
  return done(options, { errMsg: 'showToast:ok' })
}

export function hideToast(options: Callbacks<{ errMsg: string }> = {}): Promise<{ errMsg: string }> {
  hideStatus('toast')
  return done(options, { errMsg: 'hideToast:ok' })
}

export function showLoading(options: { title: string; mask?: boolean } & Callbacks<{ errMsg: string }>): Promise<{ errMsg: string }> {
  showStatus('loading', options?.title ?? '', 'loading')
  return done(options ?? {}, { errMsg: 'showLoading:ok' })
}

export function hideLoading(options: Callbacks<{ errMsg: string }> = {}): Promise<{ errMsg: string }> {
  hideStatus('loading')
  return done(options, { errMsg: 'hideLoading:ok' })
}

// ---------- leaving a page with unsaved input ----------

let beforeUnload: ((e: BeforeUnloadEvent) => void) | undefined

export function enableAlertBeforeUnload(options: { message?: string } & Callbacks<{ errMsg: string }> = {}): Promise<{ errMsg: string }> {
  if (beforeUnload) window.removeEventListener('beforeunload', beforeUnload)
  beforeUnload = (e) => {
    e.preventDefault()
    e.returnValue = options.message ?? ''
  }
  window.addEventListener('beforeunload', beforeUnload)
  return done(options, { errMsg: 'enableAlertBeforeUnload:ok' })
}

export function disableAlertBeforeUnload(options: Callbacks<{ errMsg: string }> = {}): Promise<{ errMsg: string }> {
  if (beforeUnload) window.removeEventListener('beforeunload', beforeUnload)
  beforeUnload = undefined
  return done(options, { errMsg: 'disableAlertBeforeUnload:ok' })
}
