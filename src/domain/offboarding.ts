/** Offboarding a person (issue #13): pure rules, no I/O. */

export const OFFBOARDING_STATUSES = ['in_progress', 'completed'] as const;
export type OffboardingStatus = (typeof OFFBOARDING_STATUSES)[number];

export const OFFBOARDING_TASK_STATUSES = ['open', 'done'] as const;
export type OffboardingTaskStatus = (typeof OFFBOARDING_TASK_STATUSES)[number];

/** An offboarding completes when every task is done (none at all: at once). */
export const isOffboardingComplete = (tasks: Array<{ status: OffboardingTaskStatus }>) =>
  tasks.every((t) => t.status === 'done');

export const offboardingKey = (number: number) => `OFF-${number}`;
