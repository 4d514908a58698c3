"""A deployed stack's outputs, for operator commands that act on a stack by its name."""

from __future__ import annotations

from footprint.adapters.aws import client


def stack_output(stack: str, key: str) -> str:
    """The value of output ``key`` of CloudFormation stack ``stack``."""
    described = client("cloudformation").describe_stacks(StackName=stack)["Stacks"][0]
    for output in described.get("Outputs", []):
        if output.get("OutputKey") == key:
            return str(output["OutputValue"])
    raise LookupError(f"stack {stack} has no {key} output")
