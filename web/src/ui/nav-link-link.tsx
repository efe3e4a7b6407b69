import { NavLink, type NavLinkProps } from '@mantine/core';
import { createLink, type LinkComponent } from '@tanstack/react-router';
import { forwardRef } from 'react';

// Mantine's NavLink as a TanStack Router link, for the navigation only: a file of its own so the
// first page (the requester portal) does not carry NavLink, which createLink keeps from tree-shaking.
type NavLinkElProps = NavLinkProps & Omit<React.ComponentPropsWithoutRef<'a'>, keyof NavLinkProps>;
const NavLinkEl = forwardRef<HTMLAnchorElement, NavLinkElProps>((props, ref) => (
  <NavLink component="a" ref={ref} {...props} />
));
const CreatedNavLink = createLink(NavLinkEl);
export const NavLinkLink: LinkComponent<typeof NavLinkEl> = (props) => (
  <CreatedNavLink preload="intent" {...props} />
);
