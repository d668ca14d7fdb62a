import { act, fireEvent, waitFor } from '@testing-library/react'

/** The real <input>/<textarea> inside Taro's component with this id (H5 renders a wrapper). */
export function field(id: string): HTMLInputElement | HTMLTextAreaElement {
  const host = document.getElementById(id)
  if (!host) throw new Error(`no element #${id}`)
  const el = host.querySelector('input, textarea') as HTMLInputElement | HTMLTextAreaElement | null
  if (!el) throw new Error(`#${id} has no inner input`)
  return el
}

/** Types into a Taro Input/Textarea the way a user would (input event on the inner element). */
export async function type(id: string, value: string) {
  // Taro's custom elements render their inner <input> asynchronously (Stencil).
  const el = await waitFor(() => field(id))
  await act(async () => {
    el.value = value
    fireEvent.input(el, { target: { value } })
  })
}

export async function click(id: string) {
  const el = document.getElementById(id)
  if (!el) throw new Error(`no element #${id}`)
  await act(async () => {
    fireEvent.click(el)
  })
}

export function text(id: string): string {
  return document.getElementById(id)?.textContent ?? ''
}
