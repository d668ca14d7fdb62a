import type { CheckpointCodeResponse, CheckpointInput, CheckpointListResponse, CheckpointPatch, CheckpointView, StopPage } from '@openday/shared'
import { request } from './request'

const enc = encodeURIComponent

/** 签到点 of an event, the entrance first (any staff of the agency). */
export const listCheckpoints = (eventId: string) =>
  request<CheckpointListResponse>(`/events/${enc(eventId)}/checkpoints`, { auth: 'staff' })

export const createCheckpoint = (eventId: string, input: CheckpointInput) =>
  request<{ point: CheckpointView }>(`/events/${enc(eventId)}/checkpoints`, { method: 'POST', body: input, auth: 'staff' })

export const patchCheckpoint = (eventId: string, cpId: string, patch: CheckpointPatch) =>
  request<{ point: CheckpointView }>(`/events/${enc(eventId)}/checkpoints/${enc(cpId)}`, { method: 'PATCH', body: patch, auth: 'staff' })

/** The point's current code (changes every 30 s) and its counts, for the staff screen. */
export const getCheckpointCode = (eventId: string, cpId: string) =>
  request<CheckpointCodeResponse>(`/events/${enc(eventId)}/checkpoints/${enc(cpId)}/code`, { auth: 'staff' })

/** The participant scans a point's code: checked in there, and the stop's page. */
export const scanCheckpoint = (code: string) => request<StopPage>('/checkpoints/scan', { method: 'POST', body: { code }, auth: 'participant' })
