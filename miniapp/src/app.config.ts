export default defineAppConfig({
  pages: [
    'pages/index/index',
    'pages/event/index',
    'pages/login/index',
    'pages/register/index',
    'pages/my/index',
    'pages/ticket/index',
    'pages/evaluate/index',
    'pages/suggest/index',
    'pages/track/index',
    'pages/staff-login/index',
    'pages/staff-events/index',
    'pages/staff-event-edit/index',
    'pages/staff-checkin/index',
    'pages/staff-dashboard/index',
    'pages/staff-venue-qr/index',
    'pages/not-found/index',
  ],
  window: {
    backgroundTextStyle: 'dark',
    backgroundColor: '#f2f4f7',
    navigationBarBackgroundColor: '#1d4e89',
    navigationBarTitleText: '开放日',
    navigationBarTextStyle: 'white',
    // H5: also draw Taro's title bar (with back and home buttons) instead of nothing.
    navigationStyle: 'default',
  },
})
