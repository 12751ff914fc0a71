/**
 * The bpmnlint configuration for bpmn-js-bpmnlint, written out by hand instead of compiled from
 * a `.bpmnlintrc`: the resolver hands out the rule modules imported here, so the bundle holds
 * exactly these rules and nothing is looked up at run time.
 */
import deployableRule from './deployableRule.js';

type RuleFactory = () => { check: (...args: never[]) => void };

const RULES: Record<string, Record<string, RuleFactory>> = {
  'bpmnlint-plugin-kanceleja': { deployable: deployableRule },
};

export const kancelejaLintConfig = {
  config: { rules: { 'kanceleja/deployable': 'error' } },
  resolver: {
    resolveRule: (pkg: string, ruleName: string): RuleFactory | undefined => RULES[pkg]?.[ruleName],
    resolveConfig: (): undefined => undefined,
  },
};
