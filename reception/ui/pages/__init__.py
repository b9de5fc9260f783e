"""The desk's pages (F2 登记, F3 台账, F4 督办, F5 统计, F7 领导接访日) and the matter's detail page."""
