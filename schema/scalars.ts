import { GraphQLError } from 'graphql'
import { builder } from './builder.js'

const DATE = /^\d{4}-\d{2}-\d{2}$/

builder.scalarType('Date', {
  description: 'Ngày theo ISO-8601 (YYYY-MM-DD)',
  serialize: (v) => v,
  parseValue: (v) => {
    if (typeof v !== 'string' || !DATE.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`))) {
      throw new GraphQLError(`Ngày "${String(v)}" không hợp lệ: cần dạng YYYY-MM-DD`, { extensions: { code: 'BAD_DATE' } })
    }
    return v
  },
})

builder.scalarType('DateTime', {
  description: 'Thời điểm theo ISO-8601',
  serialize: (v) => v,
  parseValue: (v) => {
    if (typeof v !== 'string' || Number.isNaN(Date.parse(v))) throw new GraphQLError(`Thời điểm "${String(v)}" không hợp lệ`, { extensions: { code: 'BAD_DATETIME' } })
    return v
  },
})

builder.scalarType('JSON', {
  description: 'Giá trị JSON tùy ý',
  serialize: (v) => v,
  parseValue: (v) => v,
})
