import { addAtlasStages, PIPELINE_STACK_ID } from '../../atlas-app';
import { EXAMPLE_PIPELINE } from '../../config';
import { templatesOnlyApp } from '../../shared/templates-only-app';
import { readStages, StackModel, StageModel } from './assembly';

/** What the diagrams read from one synth: the stages and the optional pipeline's stack. */
export interface DiagramApp {
  readonly stages: StageModel[];
  /** The pipeline's stack, synthesized with `EXAMPLE_PIPELINE` (placeholders; switching the pipeline on changes no template of the stages). */
  readonly pipeline: StackModel;
}

/**
 * Synthesizes the app, as `npm run synth` does but without what the diagrams do not read (the compliance gate, the
 * built-in CloudFormation validation, asset bundling) and with the delivery pipeline switched on
 * (`EXAMPLE_PIPELINE`), into `outdir`, and reads the stages and the pipeline's stack back from the cloud assembly.
 * The caller owns `outdir` (a temporary directory it removes afterwards); the returned models hold the templates in
 * memory.
 *
 * @param context the project's context, as the CLI passes it from cdk.json (feature flags change the templates)
 */
export function synthesizeDiagramApp(outdir: string, context: Record<string, unknown>): DiagramApp {
  const app = templatesOnlyApp(outdir, context);
  addAtlasStages(app, { compliance: false, ...EXAMPLE_PIPELINE });
  const [top, ...stages] = readStages(app.synth());
  const pipeline = top?.name === '' ? top.stacks.find((s) => s.id === PIPELINE_STACK_ID) : undefined;
  if (!pipeline) throw new Error(`no ${PIPELINE_STACK_ID} stack at the top of the cloud assembly in ${outdir}`);
  return { stages, pipeline };
}

/** The stages of the app (see `synthesizeDiagramApp`). */
export function synthesizeStages(outdir: string, context: Record<string, unknown>): StageModel[] {
  return synthesizeDiagramApp(outdir, context).stages;
}
