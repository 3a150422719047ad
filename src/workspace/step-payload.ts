/** What `/steps/<id>.json` carries: the step's starting files and its reference solution. */
export interface StepPayload {
  id: string;
  start: Record<string, string>;
  solution: Record<string, string>;
}
