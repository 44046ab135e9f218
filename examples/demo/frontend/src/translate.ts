// Translate a summary for partner organisations, in the browser app's server action.
import { generateText } from 'ai';
import { createOllama } from 'ollama-ai-provider';

const ollama = createOllama({ baseURL: process.env.OLLAMA_URL ?? 'http://localhost:11434/api' });

export async function translateSummary(summary: string, language: string): Promise<string> {
  const { text } = await generateText({
    model: ollama('llama3.1:8b'),
    // e.g. "Llama 3.1 8B" handles French, Spanish and Arabic well enough for drafts
    prompt: `Translate into ${language}:\n\n${summary}`,
  });
  return text;
}
