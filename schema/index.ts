import './scalars.js'
import './errors.js'
import './unit.js'
import './document.js'
import './form.js'
import './period.js'
import './assignment.js'
import './account.js'
import './admin.js'
import { builder } from './builder.js'

export const schema = builder.toSchema({ sortSchema: true })
