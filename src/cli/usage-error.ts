/** Bad command-line usage: exit code 2 and the command's help. */
export class UsageError extends Error {}

export interface CliCommand {
  summary: string
  help: string
  run: (argv: string[]) => Promise<number>
}
