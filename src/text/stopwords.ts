/** Function words that carry no topic; they still count towards how natural a sentence reads. */
export const STOPWORDS: ReadonlySet<string> = new Set(
  `a about above after again against all also am an and any are aren't as at be because been before being below
between both but by can can't cannot could couldn't did didn't do does doesn't doing don't down during each else
even ever every few for from further get gets getting got had hadn't has hasn't have haven't having he her here
hers herself him himself his how however i i'd i'll i'm i've if in into is isn't it it's its itself just let
let's like may me might more most much must mustn't my myself no nor not now of off often on once one only or other
ought our ours ourselves out over own per quite rather really said same say says shall she should shouldn't so
some such than that that's the their theirs them themselves then there there's these they they'd they'll
they're they've thing things this those though through thus to too under until up upon us very via was wasn't we
we'd we'll we're we've well were weren't what what's when where which while who whom whose why will with within
without won't would wouldn't yes yet you you'd you'll you're you've your yours yourself yourselves
um uh er ah like basically actually kind sort okay ok yeah right so gonna wanna`
    .split(/\s+/)
    .filter(Boolean),
);
