/**
 * The app of `bin/atlas.ts` without the compliance gate, for `npm run bench` only: what the gate costs is the
 * difference between the two.
 */
import { App } from 'aws-cdk-lib';
import { addAtlasStages } from '../lib/atlas-app';
import { silenceSpuriousCdkWarnings } from '../lib/shared/known-warnings';

silenceSpuriousCdkWarnings();
// No validation of any kind: the built-in CloudFormation validation is part of the gate as the README counts it.
const app = new App({ builtinCloudFormationValidation: false });
addAtlasStages(app, { compliance: false });
app.synth();
