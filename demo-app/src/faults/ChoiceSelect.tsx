import { useId } from "react";
import { choiceLabel, nearestChoice } from "./faultChoices.js";

/** A labelled select over a fixed list of numbers; keyboard-friendly, unlike a slider's fine steps. */
export function ChoiceSelect({
  label,
  value,
  choices,
  unit,
  onChange,
  disabled = false,
}: {
  readonly label: string;
  readonly value: number;
  readonly choices: readonly number[];
  readonly unit: "ms" | "rate";
  readonly onChange: (value: number) => void;
  readonly disabled?: boolean;
}) {
  const id = useId();
  return (
    <>
      <label htmlFor={id} className="visually-hidden">
        {label}
      </label>
      <select
        id={id}
        value={nearestChoice(value, choices)}
        disabled={disabled}
        onChange={(event) => onChange(Number(event.target.value))}
      >
        {choices.map((choice) => (
          <option key={choice} value={choice}>
            {choiceLabel(choice, unit)}
          </option>
        ))}
      </select>
    </>
  );
}
