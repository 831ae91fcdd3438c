// Every sentence the bot writes, in Swedish first and English second, from one
// catalogue: a key missing in English is a type error, so the locales cannot
// drift apart. Messages never take personal data as parameters.

export const LOCALES = ['sv', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

const sv = {
  'welcome': 'Hej! Jag är Bops-assistenten. Jag guidar dig genom riskbedömningsmetoden steg för steg och sparar varje svar.\n\nSkriv **ny bedömning** för att börja en initial bedömning, eller **hjälp** för att se vad jag kan.',
  'help': 'Kommandon:\n\n- **ny bedömning** – börja en initial bedömning\n- **strukturerad bedömning** – SARA:SV, SAM, PATRIARK eller generell hotbedömning\n- **fördjupad bedömning** – för specialister\n- **tillbaka** – gå en fråga bakåt\n- **avbryt** – avbryt; utkastet med dina svar sparas\n- **hjälp** – visa den här listan\n- **english** / **svenska** – byt språk\n\nI en bedömning svarar du genom att trycka på ett alternativ eller skriva dess nummer eller text.',
  'unknownInput': 'Jag förstod inte det. Skriv **ny bedömning** för att börja en bedömning eller **hjälp** för att se kommandona.',
  'tooLong': 'Meddelandet är för långt (högst {max} tecken). Inget av det sparades och dina tidigare svar finns kvar.',
  'language.switched': 'Jag skriver på svenska från och med nu.',
  'assessment.alreadyRunning': 'Du har redan en pågående bedömning. Svara på frågan nedan, eller skriv **avbryt** för att avbryta den (utkastet sparas).',
  'assessment.askCaseNumber': 'Ny bedömning: **{instrument}**. Ange ärendets diarienummer (till exempel 5000-K123456-25).',
  'assessment.chooseInstrument': 'Välj instrument efter typ av våld eller hot:',
  'assessment.instrumentNotRecognised': 'Instrumentet känns inte igen. Välj ett av de {count} nedan med knapp, nummer eller namn.',
  'assessment.reasonOwed': 'Innan bedömningen kan slutföras behövs ett svar eller en motivering till en tidigare fråga:',
  'presence.notRecognised': 'Betyget känns inte igen. Ange ett betyg per period ({count} st), till exempel **J N** eller **D –**.',
  'presence.incomplete': 'Ange ett betyg för varje period innan du sparar.',
  'presence.hint': 'J = ja, D = delvis, N = nej, – = otillräcklig information. Välj ett betyg per period och tryck Spara, eller skriv till exempel **J N**.',
  'measures.notRecognised': 'Valet känns inte igen. Skriv numren på åtgärderna (1–{count}), till exempel **1 4**, eller **ingen**.',
  'measures.noneChosen': 'Välj minst en åtgärd, eller tryck Inga åtgärder.',
  'measures.suggestions': 'Förslag enligt metoden (du beslutar):',
  'measures.hint': 'Markera åtgärderna och tryck Spara, eller skriv deras nummer, till exempel **1 4**, eller **ingen**.',
  'button.save': 'Spara',
  'period.nu': 'Nu',
  'period.tidigare': 'Tidigare',
  'part.skydd': 'Skydd',
  'part.stod': 'Stöd',
  'part.reducering': 'Reducering av hotaktör',
  'button.noMeasures': 'Inga åtgärder',
  'assessment.caseNumberInvalid': 'Det ser inte ut som ett diarienummer. Ange det i formen 5000-K123456-25.',
  'assessment.created': 'Bedömningen är skapad och sparas efter varje svar. En fråga i taget.',
  'question.progress': 'Fråga {position} av {total}',
  'question.hint': 'Tryck på ett alternativ eller skriv dess nummer eller text.',
  'question.currentAnswer': 'Nuvarande svar: {answer}',
  'question.notRecognised': 'Svaret känns inte igen. Svara med en siffra 1–{count} eller med alternativets text.',
  'question.empty': 'Svaret var tomt. Svara på frågan nedan.',
  'question.staleCard': 'Det kortet hör till en annan fråga. Svara på den aktuella frågan nedan.',
  'card.used': 'Kortet är använt – se nästa meddelande. Svar visas inte i chatten.',
  'card.noActiveAssessment': 'Det kortet hör till en bedömning som inte pågår längre. Skriv **ny bedömning** för att börja en ny.',
  'question.textTooLong': 'Svaret är för långt (högst {max} tecken). Korta det och skicka igen.',
  'rationale.prompt': 'Motivera ditt val: **{answer}**. Skriv motiveringen i fältet eller som ett vanligt meddelande.',
  'rationale.placeholder': 'Motivering',
  'rationale.empty': 'Motiveringen får inte vara tom. Skriv varför du valt {answer}.',
  'back.atStart': 'Det finns ingen tidigare fråga i den här bedömningen.',
  'back.notInAssessment': 'Det finns ingen pågående bedömning att gå tillbaka i.',
  'summary.title': 'Sammanfattning',
  'summary.intro': 'Kontrollera svaren innan du beslutar. Skriv **tillbaka** för att ändra ett svar.',
  'cancel.keptDraft': 'Bedömningen är avbruten. Utkastet med dina svar hittills är sparat.',
  'cancel.nothingSaved': 'Avbrutet. Inget sparades.',
  'cancel.nothingActive': 'Det finns ingen pågående bedömning att avbryta.',
  'completed': 'Bedömningen (**{instrument}**) är slutförd och sparad. Referens: {reference}.',
  'completed.withDue': 'Bedömningen (**{instrument}**) är slutförd och sparad. Referens: {reference}. Ny bedömning senast **{dueOn}** enligt metodens intervall.',
  'error.apiUnavailable': 'Tillfälligt fel: det gick inte att spara just nu. Dina tidigare svar finns kvar – svara igen om en stund.',
  'error.apiRejected': 'Det gick inte att spara eftersom tjänsten avvisade uppgifterna. Dina tidigare svar finns kvar; kontakta support om felet återkommer.',
  'error.notAllowed': 'Du har inte behörighet att göra det här. Kontakta din samordnare om du behöver behörighet.',
  'error.general': 'Något gick fel. Dina sparade svar finns kvar. Försök igen.',
  'error.stateReset': 'Jag kunde inte läsa var vi var i samtalet, så jag började om. Dina sparade svar finns kvar i utkastet.',
  'error.stateUnavailable': 'Tillfälligt fel, dina svar är sparade fram till ditt senaste besvarade svar. Jag kan inte ta emot fler svar just nu – skicka ditt svar igen om en stund.',
  'state.lost': 'Jag hittar inte var vi var i bedömningen – samtalsläget har gått ut eller förlorats vid ett tillfälligt fel. Dina svar är sparade i utkastet. Skriv **ny bedömning** för att börja om, eller kontakta support för att fortsätta från utkastet.',
  'button.back': 'Tillbaka',
  'button.cancel': 'Avbryt',
  'button.saveRationale': 'Spara motivering',
  'button.answer': 'Svara',
} as const;

export type MessageKey = keyof typeof sv;

const en: Record<MessageKey, string> = {
  'welcome': 'Hello! I am the Bops assistant. I guide you through the risk-assessment method step by step and save every answer.\n\nType **new assessment** to start an initial assessment, or **help** to see what I can do.',
  'help': 'Commands:\n\n- **new assessment** – start an initial assessment\n- **structured assessment** – SARA:SV, SAM, PATRIARK or general threat assessment\n- **in-depth assessment** – for specialists\n- **back** – go one question back\n- **cancel** – stop; the draft with your answers is kept\n- **help** – show this list\n- **english** / **svenska** – switch language\n\nIn an assessment, answer by pressing an option or typing its number or text.',
  'unknownInput': 'I did not understand that. Type **new assessment** to start an assessment or **help** to see the commands.',
  'tooLong': 'The message is too long (at most {max} characters). None of it was saved and your earlier answers are kept.',
  'language.switched': 'I will write in English from now on.',
  'assessment.alreadyRunning': 'You already have an assessment in progress. Answer the question below, or type **cancel** to stop it (the draft is kept).',
  'assessment.askCaseNumber': 'New assessment: **{instrument}**. Enter the case number (for example 5000-K123456-25).',
  'assessment.chooseInstrument': 'Choose the instrument by the kind of violence or threat:',
  'assessment.instrumentNotRecognised': 'The instrument was not recognised. Choose one of the {count} below by button, number or name.',
  'assessment.reasonOwed': 'Before the assessment can be completed, an earlier question needs an answer or a reason:',
  'presence.notRecognised': 'The rating was not recognised. Give one rating per period ({count}), for example **J N** or **D –**.',
  'presence.incomplete': 'Give a rating for every period before saving.',
  'presence.hint': 'J = yes, D = partly, N = no, – = not enough information. Choose one rating per period and press Save, or type for example **J N**.',
  'measures.notRecognised': 'The choice was not recognised. Type the numbers of the measures (1–{count}), for example **1 4**, or **none**.',
  'measures.noneChosen': 'Choose at least one measure, or press No measures.',
  'measures.suggestions': 'Suggested by the method (you decide):',
  'measures.hint': 'Tick the measures and press Save, or type their numbers, for example **1 4**, or **none**.',
  'button.save': 'Save',
  'period.nu': 'Now',
  'period.tidigare': 'Earlier',
  'part.skydd': 'Protection',
  'part.stod': 'Support',
  'part.reducering': 'Reducing the threat actor',
  'button.noMeasures': 'No measures',
  'assessment.caseNumberInvalid': 'That does not look like a case number. Enter it in the form 5000-K123456-25.',
  'assessment.created': 'The assessment is created and saved after every answer. One question at a time.',
  'question.progress': 'Question {position} of {total}',
  'question.hint': 'Press an option or type its number or text.',
  'question.currentAnswer': 'Current answer: {answer}',
  'question.notRecognised': 'The answer was not recognised. Answer with a number 1–{count} or with the text of an option.',
  'question.empty': 'The answer was empty. Answer the question below.',
  'question.staleCard': 'That card belongs to another question. Answer the current question below.',
  'card.used': 'This card has been used – see the next message. Answers are not shown in the chat.',
  'card.noActiveAssessment': 'That card belongs to an assessment that is no longer in progress. Type **new assessment** to start a new one.',
  'question.textTooLong': 'The answer is too long (at most {max} characters). Shorten it and send again.',
  'rationale.prompt': 'Give the reason for your choice: **{answer}**. Write it in the field or as an ordinary message.',
  'rationale.placeholder': 'Reason',
  'rationale.empty': 'The reason must not be empty. Write why you chose {answer}.',
  'back.atStart': 'There is no earlier question in this assessment.',
  'back.notInAssessment': 'There is no assessment in progress to go back in.',
  'summary.title': 'Summary',
  'summary.intro': 'Check the answers before you decide. Type **back** to change an answer.',
  'cancel.keptDraft': 'The assessment is stopped. The draft with your answers so far is kept.',
  'cancel.nothingSaved': 'Stopped. Nothing was saved.',
  'cancel.nothingActive': 'There is no assessment in progress to stop.',
  'completed': 'The assessment (**{instrument}**) is completed and saved. Reference: {reference}.',
  'completed.withDue': 'The assessment (**{instrument}**) is completed and saved. Reference: {reference}. Re-assess by **{dueOn}** according to the method\'s interval.',
  'error.apiUnavailable': 'Temporary error: saving is not possible right now. Your earlier answers are kept – answer again in a moment.',
  'error.apiRejected': 'Could not save because the service rejected the data. Your earlier answers are kept; contact support if this happens again.',
  'error.notAllowed': 'You are not allowed to do this. Contact your coordinator if you need access.',
  'error.general': 'Something went wrong. Your saved answers are kept. Try again.',
  'error.stateReset': 'I could not read where we were in the conversation, so I started over. Your saved answers are kept in the draft.',
  'error.stateUnavailable': 'Temporary error, your answers are saved up to your last answered question. I cannot take more answers right now – send your answer again in a moment.',
  'state.lost': 'I cannot find where we were in the assessment – the conversation state expired or was lost in a temporary fault. Your answers are saved in the draft. Type **new assessment** to start again, or contact support to continue from the draft.',
  'button.back': 'Back',
  'button.cancel': 'Cancel',
  'button.saveRationale': 'Save reason',
  'button.answer': 'Answer',
};

const catalogue: Record<Locale, Record<MessageKey, string>> = { sv, en };

export type MessageParams = Record<string, string | number>;

/** The message for key in locale, with {name} placeholders filled. */
export function t(locale: Locale, key: MessageKey, params: MessageParams = {}): string {
  return catalogue[locale][key].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** Picks the officer's language of a localised pack text, falling back to Swedish. */
export function localize(text: { sv: string; en?: string | undefined }, locale: Locale): string {
  return locale === 'en' ? (text.en ?? text.sv) : text.sv;
}
