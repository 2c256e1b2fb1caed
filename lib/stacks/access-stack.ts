import { Construct } from 'constructs';
import { Access } from '../security/access';
import { ServiceLinkedRoles } from '../security/service-linked-roles';
import { AtlasStack, AtlasStackProps } from './atlas-stack';

/**
 * IAM of the stage: the permissions boundary every role gets, the auditor and operator roles, and the service-linked
 * roles the stage relies on. Deployed first.
 */
export class AccessStack extends AtlasStack {
  /** The access construct. */
  public readonly access: Access;
  /** Makes sure the service-linked roles the stage relies on exist before the stacks that use them deploy. */
  public readonly serviceLinkedRoles: ServiceLinkedRoles;

  constructor(scope: Construct, id: string, props: AtlasStackProps) {
    super(scope, id, props);
    this.access = new Access(this, 'Access', { stageName: props.config.stageName });
    this.serviceLinkedRoles = new ServiceLinkedRoles(this, 'ServiceLinkedRoles', {
      logRetention: props.config.logRetention,
      removalPolicy: props.config.durability.removalPolicy,
    });
  }
}
