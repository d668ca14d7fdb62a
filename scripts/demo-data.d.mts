// Types of demo-data.mjs for the API tests that run the demo seed (api/test/demo-seed.test.ts).
export declare const DEMO_AGENCY_ID: string
export declare const DEMO_EVENT_ID: string
export declare const DEMO_PAST_EVENT_ID: string
type DemoStaff = { id: string; username: string; password: string; displayName: string; role: 'admin' | 'organizer' | 'handler' | 'checker'; departmentId?: string }
export declare const DEMO_STAFF: DemoStaff[]
export declare const DEMO_DEPARTMENTS: { id: string; name: string }[]
export declare const DEMO_SECOND_AGENCY: { id: string; name: string; staff: DemoStaff; departments: { id: string; name: string }[]; eventId: string; kitchenEventId: string }
export declare const DEMO_DISCLOSURE_CODES: Record<string, string>
export declare const DEMO_SUMMARY_POST_ID: string
export declare const DEMO_ANSWERS_POST_ID: string
export declare const DEMO_LOGIN: { username: string; password: string }
export declare const DEMO_CITIZEN_PHONE: string
export declare const DEMO_TRACKING_CODE: string
/** The demo venues' map points [lat, lng] (GCJ-02). */
export declare const DEMO_VENUE_POINTS: { centre: [number, number]; market: [number, number] }
/** 签到点 of the upcoming open day (docs/checkpoints.md). */
export declare const DEMO_CHECKPOINTS: { id: string; name: string; kind: 'stop' | 'talk'; description: string }[]
export declare const COUNTER_WIDTH: number
export declare const COMMENT_SLOT_BYTES: number
export declare const EVALUATION_STEP: number
export declare const PAST_EVALUATION: {
  answers: number
  tallies: Record<string, [number, number, number, number, number]>
  comments: string[]
}
export declare function toBase64Url(bytes: Uint8Array): string
export declare function passwordHash(password: string): Promise<string>
export declare function sealEvaluationKey(secret: string, eventId: string): Promise<{ publicKey: string; privateKey: string }>
export declare function commentSlot(comment: string): Uint8Array
export declare function demoSeedStatements(opts: { now?: Date; evaluationKeySecret: string }): Promise<{ people: string[]; evaluation: string[] }>
/** Seats (docs/seats.md): the upcoming open day's quotas and its group invitations. */
export declare const DEMO_QUOTAS: { npc_deputy: number; cppcc_member: number }
export declare const DEMO_INVITATIONS: { id: string; category: 'npc_deputy' | 'cppcc_member'; maxUses: number; label: string; code: string }[]
