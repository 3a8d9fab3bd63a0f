// The closed sets a report form is written in (domain.md §4, §5): value types, how a value rolls up over units and
// over periods, and how hard a rule bites. Seeds, tables and the API's enums all take them from here.

export const VALUE_TYPES = ['integer', 'decimal', 'ratio', 'boolean', 'choice', 'text', 'date'] as const
export type ValueType = (typeof VALUE_TYPES)[number]

export const VALUE_TYPE_LABELS: Readonly<Record<ValueType, string>> = {
  integer: 'Số nguyên (số lượng)',
  decimal: 'Số thập phân',
  ratio: 'Tỷ lệ, tính lại từ tử số và mẫu số',
  boolean: 'Có/không',
  choice: 'Chọn một trong danh sách',
  text: 'Văn bản',
  date: 'Ngày',
}

export const UNIT_AGGREGATIONS = ['sum', 'ratio', 'weighted_avg', 'count_true', 'count_by_option', 'list', 'none'] as const
export type UnitAggregation = (typeof UNIT_AGGREGATIONS)[number]

export const UNIT_AGGREGATION_LABELS: Readonly<Record<UnitAggregation, string>> = {
  sum: 'Cộng qua các đơn vị',
  ratio: 'Tính lại từ tổng tử số và tổng mẫu số (không lấy trung bình)',
  weighted_avg: 'Trung bình có trọng số',
  count_true: 'Đếm số đơn vị trả lời "có" (k/n)',
  count_by_option: 'Đếm số đơn vị theo từng lựa chọn',
  list: 'Liệt kê theo đơn vị',
  none: 'Không tổng hợp',
}

export const TIME_AGGREGATIONS = ['sum', 'last', 'list', 'none'] as const
export type TimeAggregation = (typeof TIME_AGGREGATIONS)[number]

export const TIME_AGGREGATION_LABELS: Readonly<Record<TimeAggregation, string>> = {
  sum: 'Cộng qua các kỳ (chỉ tiêu dòng)',
  last: 'Lấy kỳ cuối (chỉ tiêu thời điểm)',
  list: 'Liệt kê theo kỳ',
  none: 'Không tổng hợp',
}

export const SEVERITIES = ['error', 'warning'] as const
export type Severity = (typeof SEVERITIES)[number]

export const SEVERITY_LABELS: Readonly<Record<Severity, string>> = {
  error: 'Lỗi: chặn việc ghi nhận',
  warning: 'Cảnh báo: vẫn ghi nhận',
}
