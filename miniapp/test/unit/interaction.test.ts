// The H5 replacement of Taro.showModal / showToast (src/h5/interaction.ts) in jsdom.
import { afterEach, describe, expect, it } from 'vitest'
import { readableButtonColour, showModal, showToast } from '../../src/h5/interaction'

const dialog = () => document.querySelector<HTMLElement>('[role="dialog"]')
const button = (id: string) => document.getElementById(`dialog-${id}`) as HTMLButtonElement
const key = (k: string, shift = false) => document.dispatchEvent(new KeyboardEvent('keydown', { key: k, shiftKey: shift, bubbles: true }))

afterEach(() => {
  document.body.innerHTML = ''
})

function pageWithButton() {
  const app = document.createElement('div')
  app.id = 'app'
  const opener = document.createElement('button')
  opener.textContent = '取消报名'
  app.appendChild(opener)
  document.body.appendChild(app)
  opener.focus()
  return { app, opener }
}

describe('showModal on H5', () => {
  it('is a labelled modal dialog; focus starts on the safe button and returns when closed', async () => {
    const { app, opener } = pageWithButton()
    const result = showModal({ title: '取消报名', content: '确定取消吗？', confirmText: '确定取消', cancelText: '再想想' })
    const d = dialog()!
    expect(d.getAttribute('aria-modal')).toBe('true')
    expect(document.getElementById(d.getAttribute('aria-labelledby')!)!.textContent).toBe('取消报名')
    expect(document.getElementById(d.getAttribute('aria-describedby')!)!.textContent).toBe('确定取消吗？')
    expect(document.activeElement).toBe(button('cancel'))
    expect(app.hasAttribute('inert')).toBe(true)
    button('confirm').click()
    await expect(result).resolves.toEqual({ confirm: true, cancel: false, errMsg: 'showModal:ok' })
    expect(dialog()).toBeNull()
    expect(app.hasAttribute('inert')).toBe(false)
    expect(document.activeElement).toBe(opener)
  })

  it('keeps Tab inside the dialog, both ways', async () => {
    pageWithButton()
    const result = showModal({ title: '发布活动', content: '确定发布吗？' })
    key('Tab')
    expect(document.activeElement).toBe(button('confirm'))
    key('Tab')
    expect(document.activeElement).toBe(button('cancel'))
    key('Tab', true)
    expect(document.activeElement).toBe(button('confirm'))
    button('cancel').click()
    await expect(result).resolves.toMatchObject({ confirm: false, cancel: true })
  })

  it('Esc cancels', async () => {
    const { opener } = pageWithButton()
    const result = showModal({ title: '退出登录', content: '确定退出登录吗？' })
    key('Escape')
    await expect(result).resolves.toEqual({ confirm: false, cancel: true, errMsg: 'showModal:ok' })
    expect(dialog()).toBeNull()
    expect(document.activeElement).toBe(opener)
  })

  it('a dialog without a cancel button is labelled by its text and Esc acknowledges it', async () => {
    pageWithButton()
    const result = showModal({ content: '已保存', showCancel: false })
    expect(document.getElementById(dialog()!.getAttribute('aria-labelledby')!)!.textContent).toBe('已保存')
    expect(button('cancel')).toBeNull()
    expect(document.activeElement).toBe(button('confirm'))
    key('Escape')
    await expect(result).resolves.toMatchObject({ confirm: true })
  })

  it("uses the caller's confirm colour only when white text on it is readable (≥ 4.5:1)", () => {
    expect(readableButtonColour('#b3261e')).toBe('#b3261e')
    expect(readableButtonColour('#f0a000')).toBe('#1d4e89')
    expect(readableButtonColour(undefined)).toBe('#1d4e89')
  })
})

describe('showToast on H5', () => {
  it('announces through a polite status region and hides after its duration', async () => {
    await showToast({ title: '已复制', icon: 'success', duration: 20 })
    const box = document.querySelector<HTMLElement>('[role="status"]')!
    expect(box.getAttribute('aria-live')).toBe('polite')
    expect(box.textContent).toContain('已复制')
    expect(box.hidden).toBe(false)
    await new Promise((r) => setTimeout(r, 40))
    expect(box.hidden).toBe(true)
  })
})
