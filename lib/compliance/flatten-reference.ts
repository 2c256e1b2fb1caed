/**
 * A CloudFormation value as one flat string, the way cdk-nag writes resource names into its finding ids
 * (`AwsSolutions-IAM5[Resource::<Bucket.Arn>/*]`), so that an exception id can be built from the policy's own
 * expression. cdk-nag exports no public function for this (its `flattenCfnReference` lives in a private path), so the
 * project owns this copy of the same rules (cdk-nag, Apache-2.0): `Fn::Join` joins its parts, `Fn::Sub` and strings
 * turn `${…}` into `<…>`, `Ref` becomes `<Id>`, `Fn::GetAtt` `<Id.Attribute>`, `Fn::ImportValue` its name, anything
 * else its JSON. A test pins it against cdk-nag's own findings.
 */
export function flattenCfnReference(reference: unknown): string {
  const has = (node: unknown, key: string): node is Record<string, unknown> =>
    typeof node === 'object' && node !== null && Boolean((node as Record<string, unknown>)[key]);
  const visit = (node: unknown): string => {
    if (node === undefined) return '';
    if (typeof node === 'string') return node.replace(/\${/g, '<').replace(/}/g, '>');
    if (has(node, 'Fn::Join')) {
      const [delimiter, items] = node['Fn::Join'] as [string, unknown[]];
      return items.map(visit).join(delimiter);
    }
    if (has(node, 'Fn::Sub')) return visit(node['Fn::Sub']);
    if (has(node, 'Fn::GetAtt')) {
      const [resource, attribute] = node['Fn::GetAtt'] as [unknown, unknown];
      return `<${visit(resource)}.${visit(attribute)}>`;
    }
    if (has(node, 'Fn::ImportValue')) return visit(node['Fn::ImportValue']);
    if (has(node, 'Ref')) return `<${visit(node.Ref)}>`;
    return JSON.stringify(node);
  };
  return visit(reference);
}
