export const REQUIRED_MAJOR: number;
export const NODE_PACKAGES: Record<string, string>;
export function nodeVersionProblem(node: {
  version: string;
  platform: string;
  arch: string;
  execPath: string;
}): string | null;
