export default definePageConfig({
  // weapp: page-meta sets the rem base (text size), see components/TextSize.tsx.
  enablePageMeta: true,
  navigationBarTitleText: '测评报告与导出',
  backgroundTextStyle: 'dark',
})
