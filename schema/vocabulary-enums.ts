import { SEVERITIES, SEVERITY_LABELS, TIME_AGGREGATIONS, TIME_AGGREGATION_LABELS, UNIT_AGGREGATIONS, UNIT_AGGREGATION_LABELS, VALUE_TYPES, VALUE_TYPE_LABELS } from '../src/domain/forms/form-vocabulary.js'
import { SECTORS, SECTOR_LABELS, UNIT_KINDS, UNIT_KIND_LABELS } from '../src/domain/units/unit-vocabulary.js'
import { builder } from './builder.js'

// The domain's closed sets as GraphQL enums, so a typed client gets them as unions. The GraphQL names are the
// stored values themselves (lower case, as PeriodType), so answers read the same as when they were strings.
function valuesOf<T extends string>(values: readonly T[], labels: Readonly<Record<T, string>>): Record<T, { value: T; description: string }> {
  return Object.fromEntries(values.map((v) => [v, { value: v, description: labels[v] }])) as Record<T, { value: T; description: string }>
}

export const UnitKindEnum = builder.enumType('UnitKind', { description: 'Loại đơn vị', values: valuesOf(UNIT_KINDS, UNIT_KIND_LABELS) })
export const SectorEnum = builder.enumType('Sector', { description: 'Khối: Đảng hoặc Nhà nước', values: valuesOf(SECTORS, SECTOR_LABELS) })
export const ValueTypeEnum = builder.enumType('ValueType', { description: 'Kiểu giá trị của chỉ tiêu', values: valuesOf(VALUE_TYPES, VALUE_TYPE_LABELS) })
export const UnitAggregationEnum = builder.enumType('UnitAggregation', { description: 'Cách tổng hợp qua các đơn vị', values: valuesOf(UNIT_AGGREGATIONS, UNIT_AGGREGATION_LABELS) })
export const TimeAggregationEnum = builder.enumType('TimeAggregation', { description: 'Cách tổng hợp qua các kỳ', values: valuesOf(TIME_AGGREGATIONS, TIME_AGGREGATION_LABELS) })
export const SeverityEnum = builder.enumType('Severity', { description: 'Mức độ của một phát hiện hay quy tắc', values: valuesOf(SEVERITIES, SEVERITY_LABELS) })
