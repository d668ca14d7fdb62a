export default definePageConfig({
  // weapp: page-meta sets the rem base (text size), see components/TextSize.tsx.
  enablePageMeta: true,
  navigationBarTitleText: '现场服务',
})
