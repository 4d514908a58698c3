"""Read ``template.yaml`` and resolve the intrinsic functions the local platform needs.

The template is the single source of truth: the local platform provisions, routes and
dispatches from what it declares. Only the intrinsics the template uses are resolved; any
other one is an error, so a template change cannot silently diverge from what runs here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE_PATH = ROOT / "template.yaml"

ACCOUNT_ID = "123456789012"
REGION = "us-east-2"
STACK_NAME = "footprint-local"


class _CfnLoader(yaml.SafeLoader):
    """A YAML loader that turns CloudFormation short forms (``!Ref``, ``!Sub``…) into long forms."""


def _construct_intrinsic(loader: yaml.SafeLoader, tag_suffix: str, node: yaml.Node) -> Any:
    name = "Ref" if tag_suffix == "Ref" else f"Fn::{tag_suffix}"
    if isinstance(node, yaml.ScalarNode):
        value: Any = loader.construct_scalar(node)
        if tag_suffix == "GetAtt":
            value = str(value).split(".", 1)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)  # type: ignore[arg-type]
    return {name: value}


_CfnLoader.add_multi_constructor("!", _construct_intrinsic)


def load_template(path: Path = TEMPLATE_PATH) -> dict[str, Any]:
    """Parse a CloudFormation/SAM template, keeping intrinsics as their long-form dicts."""
    with path.open(encoding="utf-8") as handle:
        # _CfnLoader is a SafeLoader subclass: it builds plain data only.
        document = yaml.load(handle, Loader=_CfnLoader)  # noqa: S506  # nosec B506
    if not isinstance(document, dict):
        raise ValueError(f"{path} is not a CloudFormation template")
    return document


class UnresolvableError(ValueError):
    """An intrinsic the local platform cannot resolve."""


_NO_VALUE = object()
# ${!Name} is Fn::Sub's escape for a literal ${Name} (an IAM policy variable, say).
_SUB_VARIABLE = re.compile(r"\$\{(!?)([^}]+)\}")
# A dynamic reference to a Secrets Manager secret's whole value, as the template writes them.
_SECRET_REFERENCE = re.compile(r"\{\{resolve:secretsmanager:(.+?):SecretString\}\}")


@dataclass
class Resolver:
    """Resolves intrinsics against parameter values and the physical ids of local resources.

    ``physical`` maps a logical id to what ``Ref`` answers for it, ``attributes`` maps
    ``(logical id, attribute)`` to what ``Fn::GetAtt`` answers, and ``secrets`` a secret's ARN
    to the value its ``{{resolve:secretsmanager:...}}`` references stand for.
    """

    template: Mapping[str, Any]
    parameters: dict[str, Any] = field(default_factory=dict)
    physical: dict[str, str] = field(default_factory=dict)
    attributes: dict[tuple[str, str], str] = field(default_factory=dict)
    secrets: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name, spec in self.template.get("Parameters", {}).items():
            if name not in self.parameters:
                default = spec.get("Default")
                if spec.get("Type") == "CommaDelimitedList" and isinstance(default, str):
                    default = [item.strip() for item in default.split(",")]
                self.parameters[name] = default

    @property
    def pseudo(self) -> dict[str, str]:
        return {
            "AWS::Region": REGION,
            "AWS::AccountId": ACCOUNT_ID,
            "AWS::StackName": STACK_NAME,
            "AWS::Partition": "aws",
            "AWS::URLSuffix": "amazonaws.com",
        }

    def condition(self, name: str) -> bool:
        return bool(self.resolve(self.template["Conditions"][name]))

    def resolve(self, value: Any) -> Any:
        """Resolve every intrinsic inside ``value``; ``AWS::NoValue`` entries are dropped."""
        if isinstance(value, list):
            items = [self.resolve(item) for item in value]
            return [item for item in items if item is not _NO_VALUE]
        if not isinstance(value, dict):
            return value
        if len(value) == 1:
            ((key, argument),) = value.items()
            if key == "Ref" or key.startswith("Fn::") or key == "Condition":
                return self._intrinsic(key, argument)
        resolved = {key: self.resolve(item) for key, item in value.items()}
        return {key: item for key, item in resolved.items() if item is not _NO_VALUE}

    def _intrinsic(self, key: str, argument: Any) -> Any:
        if key == "Ref":
            return self._ref(argument)
        if key == "Fn::GetAtt":
            logical_id, attribute = argument
            return self._get_att(logical_id, attribute)
        if key == "Fn::Sub":
            return self._sub(argument)
        if key == "Fn::Join":
            separator, items = argument
            return separator.join(str(item) for item in self.resolve(items))
        if key == "Fn::Select":
            index, items = self.resolve(argument)
            return items[int(index)]
        if key == "Fn::Split":
            separator, text = self.resolve(argument)
            return str(text).split(separator)
        if key == "Fn::If":
            name, when_true, when_false = argument
            return self.resolve(when_true if self.condition(name) else when_false)
        if key == "Fn::Equals":
            left, right = self.resolve(argument)
            return str(left) == str(right)
        if key == "Fn::Not":
            return not self.resolve(argument[0])
        if key == "Fn::And":
            return all(self.resolve(item) for item in argument)
        if key == "Fn::Or":
            return any(self.resolve(item) for item in argument)
        if key == "Condition":
            return self.condition(argument)
        raise UnresolvableError(f"the local platform does not resolve {key}")

    def _ref(self, name: str) -> Any:
        if name == "AWS::NoValue":
            return _NO_VALUE
        if name in self.pseudo:
            return self.pseudo[name]
        if name in self.parameters:
            return self.parameters[name]
        if name in self.physical:
            return self.physical[name]
        raise UnresolvableError(f"Ref {name}: not a parameter or a provisioned resource")

    def _get_att(self, logical_id: str, attribute: str) -> str:
        try:
            return self.attributes[(logical_id, attribute)]
        except KeyError:
            raise UnresolvableError(f"GetAtt {logical_id}.{attribute} is not known") from None

    def _sub(self, argument: Any) -> str:
        if isinstance(argument, list):
            text, variables = argument[0], self.resolve(argument[1])
        else:
            text, variables = argument, {}

        def replace(match: re.Match[str]) -> str:
            escape, name = match.groups()
            if escape:
                return f"${{{name}}}"
            if name in variables:
                return str(variables[name])
            if "." in name:
                logical_id, attribute = name.split(".", 1)
                return self._get_att(logical_id, attribute)
            return str(self._ref(name))

        return self._dynamic_references(_SUB_VARIABLE.sub(replace, text))

    def _dynamic_references(self, text: str) -> str:
        def secret(match: re.Match[str]) -> str:
            try:
                return self.secrets[match.group(1)]
            except KeyError:
                raise UnresolvableError(f"no local secret {match.group(1)}") from None

        return _SECRET_REFERENCE.sub(secret, text)
