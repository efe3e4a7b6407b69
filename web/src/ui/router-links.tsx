import { Anchor, type AnchorProps, Button, type ButtonProps } from '@mantine/core';
import { createLink, type LinkComponent } from '@tanstack/react-router';
import { forwardRef } from 'react';

// Mantine components rendered as TanStack Router links: typed `to`/`params`, real <a href>.

type AnchorElProps = AnchorProps & Omit<React.ComponentPropsWithoutRef<'a'>, keyof AnchorProps>;
const AnchorEl = forwardRef<HTMLAnchorElement, AnchorElProps>((props, ref) => (
  <Anchor ref={ref} {...props} />
));
const CreatedAnchorLink = createLink(AnchorEl);
export const AnchorLink: LinkComponent<typeof AnchorEl> = (props) => (
  <CreatedAnchorLink preload="intent" {...props} />
);

type ButtonElProps = ButtonProps & Omit<React.ComponentPropsWithoutRef<'a'>, keyof ButtonProps>;
const ButtonEl = forwardRef<HTMLAnchorElement, ButtonElProps>((props, ref) => (
  <Button component="a" ref={ref} {...props} />
));
const CreatedButtonLink = createLink(ButtonEl);
export const ButtonLink: LinkComponent<typeof ButtonEl> = (props) => (
  <CreatedButtonLink preload="intent" {...props} />
);
