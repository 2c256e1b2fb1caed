/**
 * Warnings the pinned aws-cdk-lib prints although nothing here is wrong, each with the upstream issue, so that a
 * synth or a test run shows only what needs attention. Each is matched exactly; every other warning passes.
 */
const SPURIOUS: readonly { readonly startsWith: string; readonly issue: string }[] = [
  {
    // StepScalingPolicy passes `cooldown: props.cooldown` on to StepScalingAction even when it is undefined, and the
    // jsii deprecation check fires on the key alone. We set no cooldown (step scaling ignores it).
    startsWith: 'aws-cdk-lib.aws_autoscaling.StepScalingActionProps#cooldown is deprecated',
    issue: 'https://github.com/aws/aws-cdk/issues/37833',
  },
];

let installed = false;

/** Drops the known spurious warnings from `console.warn` (idempotent). */
export function silenceSpuriousCdkWarnings(): void {
  if (installed) return;
  installed = true;
  const warn = console.warn.bind(console);
  console.warn = (...args: unknown[]) => {
    const text = args
      .map(String)
      .join(' ')
      .replace(/^\[WARNING\] /, '');
    if (SPURIOUS.some((w) => text.startsWith(w.startsWith))) return;
    warn(...args);
  };
}
