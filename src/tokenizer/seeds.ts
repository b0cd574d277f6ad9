/**
 * General English knowledge the learner starts from, so that forms missing from the training
 * treebank still come out the EWT way. Treebank evidence overrides every entry (see learn-lexicon.ts).
 */

/** Abbreviations written with a final period and kept whole mid-sentence. */
export const SEED_ABBREVIATIONS: readonly string[] = [
  'Adm.', 'Ave.', 'Bros.', 'Blvd.', 'Capt.', 'Cmdr.', 'Co.', 'Col.', 'Corp.', 'Dept.', 'Dr.', 'Ft.', 'Gen.', 'Gov.', 'Hon.',
  'Inc.', 'Jr.', 'Lt.', 'Ltd.', 'Maj.', 'Mr.', 'Mrs.', 'Ms.', 'Mt.', 'Prof.', 'Rd.', 'Rep.', 'Reps.', 'Rev.', 'Sen.', 'Sgt.',
  'Sr.', 'St.', 'Univ.', 'vs.', 'etc.', 'approx.', 'cf.', 'ca.', 'al.', 'viz.', 'No.', 'Nos.', 'Vol.', 'p.', 'pp.', 'Fig.', 'Ph.D.',
  'Jan.', 'Feb.', 'Mar.', 'Apr.', 'Jun.', 'Jul.', 'Aug.', 'Sep.', 'Sept.', 'Oct.', 'Nov.', 'Dec.',
  'Mon.', 'Tue.', 'Tues.', 'Wed.', 'Thu.', 'Thur.', 'Thurs.', 'Fri.', 'Sat.', 'Sun.',
  'e.g.', 'i.e.', 'a.m.', 'p.m.', 'U.S.', 'U.K.', 'U.N.', 'D.C.',
];

/** Last parts of domain and file names. */
export const SEED_DOTTED_SUFFIXES: readonly string[] = [
  'com', 'org', 'net', 'edu', 'gov', 'mil', 'int', 'info', 'biz', 'us', 'uk', 'ca', 'au', 'de', 'fr', 'jp', 'nz', 'ie', 'in',
  'io', 'tv', 'eu', 'ru', 'cn', 'br', 'mx', 'za', 'nl', 'ch', 'se', 'no', 'es', 'it',
  'doc', 'docx', 'xls', 'xlsx', 'ppt', 'pptx', 'pdf', 'txt', 'rtf', 'htm', 'html', 'xml', 'csv', 'jpg', 'jpeg', 'gif', 'png',
  'bmp', 'tif', 'tiff', 'mp3', 'mp4', 'wav', 'avi', 'mov', 'zip', 'exe', 'dll', 'js', 'css', 'php', 'asp', 'aspx', 'cgi',
  'url', 'msg', 'dat', 'log', 'ini', 'bat', 'wpd', 'vsd', 'mdb', 'eml',
];

/** Units split off a preceding number (`5kg` → `5 kg`). */
export const SEED_NUMBER_UNITS: readonly string[] = [
  'am', 'pm', 'k', 'm', 'b', 'bn', 'mm', 'cm', 'km', 'ft', 'mi', 'kg', 'g', 'mg', 'lb', 'lbs', 'oz', 'ml', 'gb', 'mb', 'kb',
  'tb', 'ghz', 'mhz', 'hz', 'hr', 'hrs', 'min', 'mins', 'sec', 'secs', 'yr', 'yrs', 'mph', 'kph', 'sq', 'x',
];

/** Words after which `its` means `it is` (EWT: `it s`). */
export const SEED_ITS_IS_BEFORE: readonly string[] = [
  'a', 'an', 'the', 'not', 'no', 'so', 'very', 'really', 'just', 'all', 'like', 'kind', 'still', 'also', 'only', 'too',
  'pretty', 'quite', 'always', 'never', 'been', 'being', 'going', 'getting', 'ok', 'okay', 'about', 'because', 'more',
  'my', 'your', 'his', 'her', 'our', 'their', 'what', 'how', 'that', 'this', 'time', 'gonna', 'hard', 'easy', 'great',
  'good', 'nice', 'worth', 'true', 'sad', 'funny', 'amazing', 'awesome', 'better', 'important', 'cool', 'fine', 'simply',
  'definitely', 'probably', 'actually', 'totally', 'almost', 'now', 'here', 'there', 'in', 'on', 'at', 'for', 'one',
  'called', 'supposed', 'done', 'over', 'up', 'out', 'as', 'necessary', 'illegal', 'free', 'open', 'closed', 'clear',
  'obvious', 'possible', 'impossible', 'hot', 'cold', 'cheap', 'expensive', 'fun', 'bad', 'sweet', 'fab', 'wonderful',
];
