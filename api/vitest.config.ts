import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { webcrypto } from 'node:crypto'
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers'
import { defineConfig } from 'vitest/config'
import { FAKE_NOTICE_TEMPLATES, FAKE_SMS, startFakeTencentSms } from './test/support/fake-tencent-sms'
import { FAKE_APP_ID, FAKE_APP_SECRET, startFakeWechat } from './test/support/fake-wechat'
import { FAKE_NOTICE_TEMPLATES as FAKE_WECHAT_TEMPLATES } from './test/support/fake-wechat-data'

export default defineConfig(async () => {
  const root = path.join(__dirname, '..')
  // wrangler.toml serves the H5 build as assets; the pool will not start if the folder is missing.
  mkdirSync(path.join(root, 'miniapp/dist/h5'), { recursive: true })
  const migrations = await readD1Migrations(path.join(__dirname, 'migrations'))
  const wechat = await startFakeWechat()
  const sms = await startFakeTencentSms()
  const keys = (await webcrypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as unknown as {
    privateKey: webcrypto.CryptoKey
  }
  const ticketKey = JSON.stringify(await webcrypto.subtle.exportKey('jwk', keys.privateKey))
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: path.join(root, 'wrangler.toml') },
        miniflare: {
          bindings: {
            TEST_MIGRATIONS: migrations,
            SESSION_SECRET: 'test-session-secret-0123456789abcdef',
            TICKET_PRIVATE_KEY: ticketKey,
            EVALUATION_KEY_SECRET: 'test-evaluation-key-secret-0123456789',
            WECHAT_API_BASE: wechat.base,
            WECHAT_APP_ID: FAKE_APP_ID,
            WECHAT_APP_SECRET: FAKE_APP_SECRET,
            DEV_MODE: 'true',
            // Every SMS in the tests goes through the real client to a local fake of Tencent Cloud.
            TENCENT_SMS_API_BASE: sms.base,
            TENCENT_SMS_REGION: FAKE_SMS.region,
            TENCENT_SMS_SDK_APP_ID: FAKE_SMS.sdkAppId,
            TENCENT_SMS_SIGN_NAME: FAKE_SMS.signName,
            TENCENT_SMS_TEMPLATE_ID: FAKE_SMS.templateId,
            TENCENT_SMS_SECRET_ID: FAKE_SMS.secretId,
            TENCENT_SMS_SECRET_KEY: FAKE_SMS.secretKey,
            TENCENT_SMS_NOTICE_TEMPLATES: FAKE_NOTICE_TEMPLATES,
            WECHAT_NOTICE_TEMPLATES: FAKE_WECHAT_TEMPLATES,
            // The tests drive the outbox forwarder and the queue consumer themselves.
            NOTIFY_AUTOFORWARD: 'false',
          },
        },
      }),
    ],
    test: {
      setupFiles: ['./test/support/apply-migrations.ts', './test/support/clock.ts'],
      include: ['test/**/*.test.ts'],
    },
  }
})
