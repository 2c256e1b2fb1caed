import { Construct } from 'constructs';
import { Access } from '../security/access';
import { AtlasStack, AtlasStackProps } from './atlas-stack';

/** IAM of the stage: the permissions boundary every role gets, the auditor and operator roles. Deployed first. */
export class AccessStack extends AtlasStack {
  /** The access construct. */
  public readonly access: Access;

  constructor(scope: Construct, id: string, props: AtlasStackProps) {
    super(scope, id, props);
    this.access = new Access(this, 'Access', { stageName: props.config.stageName });
  }
}
