/** Exit codes of every kexfuzz command (Jazzer's FuzzingExitCode shape). */
export const exitCodes = {
  ok: 0,
  finding: 1,
  usage: 2,
  internal: 3,
} as const;

export type ExitCode = (typeof exitCodes)[keyof typeof exitCodes];
