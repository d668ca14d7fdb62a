export default definePageConfig({
  navigationBarTitleText: '电子票',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
})
