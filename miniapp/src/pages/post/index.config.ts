export default definePageConfig({
  // weapp: page-meta sets the rem base (text size), see components/TextSize.tsx.
  enablePageMeta: true,
  navigationBarTitleText: '动态',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
  // 转发 and 分享到朋友圈 (lib/share.ts useSharing).
  enableShareAppMessage: true,
  enableShareTimeline: true,
})
